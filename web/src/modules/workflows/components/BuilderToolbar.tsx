import { ArrowLeft, CircleAlert, CircleCheck, Download, History, Keyboard, LayoutGrid, LoaderCircle, MoreHorizontal, Redo2, Rocket, TriangleAlert, Undo2 } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { Input } from '@/components/ui/input';
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover';
import { Tooltip } from '@/components/ui/tooltip';
import type { SaveStatus } from '../hooks/useAutosave';
import { useBuilderStore } from '../stores/useBuilderStore';
import type { Finding, Workflow } from '../types/workflow';
import { FindingsList } from './FindingsList';
import { SaveIndicator } from './SaveIndicator';

interface BuilderToolbarProps {
  workflow: Workflow;
  readOnly: boolean;
  saveStatus: SaveStatus;
  onRetrySave: () => void;
  validation: { checking: boolean; checked: boolean };
  onRename: (name: string) => void;
  onSelectFinding: (finding: Finding) => void;
  onLayout: () => void;
  onPublish: () => void;
  onHistory: () => void;
  onExport: () => void;
  onShortcuts: () => void;
}

/** Name and save state on the left; edit, check and publish on the right. */
export function BuilderToolbar(props: BuilderToolbarProps) {
  const { workflow, readOnly, validation } = props;
  const canUndo = useBuilderStore((s) => s.history.past.length > 0);
  const canRedo = useBuilderStore((s) => s.history.future.length > 0);
  const findings = useBuilderStore((s) => s.findings);
  const [name, setName] = useState(workflow.name);
  const [findingsOpen, setFindingsOpen] = useState(false);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const { undo, redo } = useBuilderStore.getState();

  let check;
  if (validation.checking && !validation.checked) {
    check = (
      <>
        <LoaderCircle className="animate-spin" aria-hidden />
        Checking…
      </>
    );
  } else if (errors) {
    check = (
      <>
        <CircleAlert className="text-danger" aria-hidden />
        {errors} {errors === 1 ? 'problem' : 'problems'}
      </>
    );
  } else if (warnings) {
    check = (
      <>
        <TriangleAlert className="text-warning" aria-hidden />
        {warnings} {warnings === 1 ? 'warning' : 'warnings'}
      </>
    );
  } else {
    check = (
      <>
        <CircleCheck className="text-success" aria-hidden />
        Valid
      </>
    );
  }

  return (
    <header className="flex h-12 shrink-0 items-center gap-2 border-b border-border bg-background px-2 md:px-3">
      <Tooltip content="All workflows">
        <Button asChild variant="ghost" size="icon" aria-label="Back to workflows">
          <Link to="/workflows">
            <ArrowLeft aria-hidden />
          </Link>
        </Button>
      </Tooltip>
      <Input
        aria-label="Workflow name"
        value={name}
        readOnly={readOnly}
        onChange={(e) => setName(e.target.value)}
        onBlur={() => name.trim() && name.trim() !== workflow.name && props.onRename(name.trim())}
        onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
        className="h-8 w-40 border-transparent bg-transparent px-1.5 text-sm font-semibold shadow-none hover:border-input md:w-64"
      />
      <div className="hidden items-center gap-2 sm:flex">
        {workflow.latest_version ? (
          <Badge variant={workflow.has_unpublished_changes ? 'warning' : 'success'}>
            v{workflow.latest_version}
            {workflow.has_unpublished_changes ? ' · draft changed' : ' · published'}
          </Badge>
        ) : (
          <Badge>Draft</Badge>
        )}
        {!readOnly && <SaveIndicator status={props.saveStatus} onRetry={props.onRetrySave} />}
      </div>
      <div className="ml-auto flex items-center gap-1">
        {!readOnly && (
          <div className="hidden items-center md:flex">
            <Tooltip content="Undo" shortcut={['⌘', 'Z']}>
              <Button variant="ghost" size="icon" aria-label="Undo" disabled={!canUndo} onClick={undo}>
                <Undo2 aria-hidden />
              </Button>
            </Tooltip>
            <Tooltip content="Redo" shortcut={['⇧', '⌘', 'Z']}>
              <Button variant="ghost" size="icon" aria-label="Redo" disabled={!canRedo} onClick={redo}>
                <Redo2 aria-hidden />
              </Button>
            </Tooltip>
            <Tooltip content="Tidy up" shortcut={['⇧', 'L']}>
              <Button variant="ghost" size="icon" aria-label="Tidy up the layout" onClick={props.onLayout}>
                <LayoutGrid aria-hidden />
              </Button>
            </Tooltip>
          </div>
        )}
        <Popover open={findingsOpen} onOpenChange={setFindingsOpen}>
          <PopoverTrigger asChild>
            <Button variant="ghost" aria-label={`Validation: ${errors} errors, ${warnings} warnings`} data-testid="validation-button">
              {check}
            </Button>
          </PopoverTrigger>
          <PopoverContent align="end" className="scrollbar-thin max-h-96 w-96 overflow-y-auto p-2">
            <FindingsList
              findings={findings}
              onSelect={(f) => {
                setFindingsOpen(false);
                props.onSelectFinding(f);
              }}
            />
          </PopoverContent>
        </Popover>
        <Tooltip content="Version history">
          <Button variant="ghost" size="icon" aria-label="Version history" onClick={props.onHistory}>
            <History aria-hidden />
          </Button>
        </Tooltip>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon" aria-label="More actions">
              <MoreHorizontal aria-hidden />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end">
            <DropdownMenuItem onSelect={props.onExport}>
              <Download aria-hidden />
              Export as JSON
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={props.onShortcuts}>
              <Keyboard aria-hidden />
              Keyboard shortcuts
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
        {!readOnly && (
          <Button variant="primary" onClick={props.onPublish}>
            <Rocket aria-hidden />
            Publish
          </Button>
        )}
      </div>
    </header>
  );
}
