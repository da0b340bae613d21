import { X } from 'lucide-react';
import { useState } from 'react';
import { Input } from '@/components/ui/input';

/** Tags as removable chips; Enter or comma adds what was typed. */
export function TagListInput({ id, value, onChange, disabled, placeholder }: { id: string; value: string[]; onChange: (tags: string[]) => void; disabled?: boolean; placeholder?: string }) {
  const [text, setText] = useState('');
  function add() {
    const tag = text.trim().replace(/,$/, '');
    if (tag && !value.includes(tag)) onChange([...value, tag]);
    setText('');
  }
  return (
    <div className="grid gap-1.5">
      {value.length > 0 && (
        <ul className="flex flex-wrap gap-1">
          {value.map((tag) => (
            <li key={tag} className="inline-flex h-6 items-center gap-1 rounded-md bg-muted pl-2 pr-1 text-xs">
              {tag}
              <button
                type="button"
                className="focus-ring rounded text-muted-foreground hover:text-foreground"
                aria-label={`Remove ${tag}`}
                disabled={disabled}
                onClick={() => onChange(value.filter((t) => t !== tag))}
              >
                <X className="size-3" aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      )}
      <Input
        id={id}
        value={text}
        disabled={disabled}
        placeholder={placeholder ?? 'Type a tag and press Enter'}
        onChange={(e) => setText(e.target.value)}
        onBlur={add}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',') {
            e.preventDefault();
            add();
          }
        }}
      />
    </div>
  );
}
