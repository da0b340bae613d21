import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { FormBanner } from '@/components/FormBanner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { OptionSelect } from '@/modules/workflows/components/inspector/OptionSelect';
import { useWorkflows } from '@/modules/workflows/hooks/useWorkflows';
import { createCampaign } from '../api/createCampaign';

/** Name the campaign and pick a published workflow; the audience and schedule come next. */
export function NewCampaignDialog({ open, onOpenChange, workflowId }: { open: boolean; onOpenChange: (open: boolean) => void; workflowId?: string }) {
  const workflows = useWorkflows();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [picked, setPicked] = useState(workflowId ?? '');
  const published = (workflows.data ?? []).filter((w) => w.latest_version);
  const [nameError, setNameError] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: () => createCampaign({ name: name.trim(), workflow_id: picked, audience: { kind: 'manual', lead_ids: [] } }),
    onSuccess: (campaign) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.list });
      onOpenChange(false);
      navigate(`/campaigns/${campaign.id}`);
    },
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>New campaign</DialogTitle>
          <DialogDescription>A campaign runs a published workflow for an audience, within your sending hours and caps.</DialogDescription>
        </DialogHeader>
        <form
          className="contents"
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return setNameError('Give the campaign a name.');
            create.mutate();
          }}
        >
          <DialogBody className="grid gap-4">
            {create.isError && <FormBanner>{isApiError(create.error) ? create.error.message : "Couldn't create the campaign."}</FormBanner>}
            <Field label="Name" htmlFor="campaign-name" error={nameError}>
              <Input
                id="campaign-name"
                autoFocus
                value={name}
                aria-invalid={!!nameError}
                onChange={(e) => {
                  setName(e.target.value);
                  setNameError(null);
                }}
                placeholder="Q1 outreach — SaaS founders"
              />
            </Field>
            <Field
              label="Workflow"
              htmlFor="campaign-workflow"
              hint={
                workflows.data && !published.length ? (
                  <>
                    No published workflows yet. <Link to="/workflows" className="text-primary-text hover:underline">Publish one first</Link>.
                  </>
                ) : (
                  'Runs use its latest published version.'
                )
              }
            >
              <OptionSelect
                id="campaign-workflow"
                value={picked}
                onChange={setPicked}
                placeholder="Choose a workflow"
                options={published.map((w) => ({ value: w.id, label: w.name, description: `v${w.latest_version} · ${w.node_count} steps` }))}
              />
            </Field>
          </DialogBody>
          <DialogFooter>
            <Button onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={!picked} loading={create.isPending}>
              Create campaign
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
