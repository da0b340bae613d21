import { Compass } from 'lucide-react';
import { Link } from 'react-router';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';

export function NotFoundPage() {
  return (
    <EmptyState
      icon={Compass}
      title="This page doesn't exist"
      description="The link may be old or mistyped. Press ⌘K to jump anywhere, or head back to the dashboard."
      action={
        <Button asChild variant="primary">
          <Link to="/">Go to dashboard</Link>
        </Button>
      }
      className="min-h-[60vh]"
    />
  );
}
