import { useMutation, useQueryClient } from '@tanstack/react-query';
import { BadgeCheck, Pause, Play, Rocket } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { WriteGuard } from '@/components/WriteGuard';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { isApiError } from '@/lib/api/ApiError';
import { queryKeys } from '@/lib/queryKeys';
import { FindingsList } from '@/modules/workflows/components/FindingsList';
import type { Finding } from '@/modules/workflows/types/workflow';
import { campaignAction, type CampaignAction } from '../api/campaignAction';
import { validateCampaign } from '../api/validateCampaign';
import type { Campaign } from '../types/campaign';

const DONE: Record<CampaignAction, string> = { launch: 'Campaign launched', pause: 'Campaign paused', resume: 'Campaign resumed' };

/** Validate, then Launch (the one primary action) — or Pause / Resume once it runs. */
export function CampaignActions({ campaign }: { campaign: Campaign }) {
  const queryClient = useQueryClient();
  const [findings, setFindings] = useState<Finding[] | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.detail(campaign.id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.stats(campaign.id) });
    void queryClient.invalidateQueries({ queryKey: ['campaigns', 'runs', campaign.id] });
    void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.list });
  };
  const validate = useMutation({
    mutationFn: () => validateCampaign(campaign.id),
    onSuccess: (result) => setFindings(result.findings),
    onError: (err) => toast.error(isApiError(err) ? err.message : "Couldn't validate the campaign."),
  });
  const act = useMutation({
    mutationFn: (action: CampaignAction) => campaignAction(campaign.id, action),
    onSuccess: (_, action) => {
      toast.success(DONE[action]);
      setFindings(null);
      refresh();
    },
    onError: (err) => {
      const refused = isApiError(err) && Array.isArray(err.details?.findings) ? (err.details.findings as Finding[]) : null;
      if (refused) setFindings(refused);
      else toast.error(isApiError(err) ? err.message : "Couldn't do that.");
    },
  });
  const errors = findings?.filter((f) => f.severity === 'error').length ?? 0;

  return (
    <div className="flex flex-wrap items-center gap-2">
      {campaign.status === 'draft' && (
        <>
          <Button loading={validate.isPending} onClick={() => validate.mutate()}>
            <BadgeCheck aria-hidden />
            Validate
          </Button>
          <WriteGuard>
            <Button variant="primary" loading={act.isPending} onClick={() => act.mutate('launch')}>
              <Rocket aria-hidden />
              Launch
            </Button>
          </WriteGuard>
        </>
      )}
      {campaign.status === 'active' && (
        <WriteGuard>
          <Button loading={act.isPending} onClick={() => act.mutate('pause')}>
            <Pause aria-hidden />
            Pause
          </Button>
        </WriteGuard>
      )}
      {campaign.status === 'paused' && (
        <WriteGuard>
          <Button variant="primary" loading={act.isPending} onClick={() => act.mutate('resume')}>
            <Play aria-hidden />
            Resume
          </Button>
        </WriteGuard>
      )}
      <Dialog open={findings !== null} onOpenChange={(open) => !open && setFindings(null)}>
        <DialogContent className="max-w-lg">
          <DialogHeader>
            <DialogTitle>{errors ? 'Fix these before launching' : findings?.length ? 'Ready, with warnings' : 'Ready to launch'}</DialogTitle>
            <DialogDescription>Checks the workflow version this campaign will run and its audience.</DialogDescription>
          </DialogHeader>
          <DialogBody>
            <FindingsList findings={findings ?? []} />
          </DialogBody>
          <DialogFooter>
            <Button onClick={() => setFindings(null)}>Close</Button>
            {campaign.status === 'draft' && !errors && (
              <Button variant="primary" loading={act.isPending} onClick={() => act.mutate('launch')}>
                <Rocket aria-hidden />
                Launch
              </Button>
            )}
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
