import { useMutation } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { PermissionDenied } from '@/components/PermissionDenied';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { isApiError } from '@/lib/api/ApiError';
import { formatNumber } from '@/lib/format';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { useUiStore } from '@/modules/shell/stores/useUiStore';
import { previewImport } from '../../api/previewImport';
import { startImport } from '../../api/startImport';
import { useImportJob } from '../../hooks/useImportJob';
import { initialMapping, validateMapping } from '../../lib/importMapping';
import type { ColumnMapping, ImportPreview } from '../../types/importJob';
import { ImportMappingStep } from './ImportMappingStep';
import { ImportProgressStep } from './ImportProgressStep';
import { NO_COUNTRY, guessCountry } from '../../lib/countries';
import { ImportReviewStep } from './ImportReviewStep';
import { ImportStepper } from './ImportStepper';
import { ImportUploadStep } from './ImportUploadStep';

const DESCRIPTIONS = [
  '',
  'Upload a CSV exported from your CRM or spreadsheet.',
  'Tell us which column holds what.',
  'Check a few rows before anything is written.',
  'Leads are created, merged or skipped row by row.',
];

export function ImportWizard() {
  const open = useUiStore((s) => s.importOpen);
  const setOpen = useUiStore((s) => s.setImportOpen);
  const { canEdit } = usePermissions();
  const navigate = useNavigate();

  const [step, setStep] = useState(1);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [country, setCountry] = useState(guessCountry);
  const [jobId, setJobId] = useState<string | null>(null);

  const previewMutation = useMutation({
    mutationFn: (file: File) => previewImport(file),
    onSuccess: (p) => {
      setPreview(p);
      setMapping(initialMapping(p));
      setStep(2);
    },
  });
  const startMutation = useMutation({
    mutationFn: startImport,
    onSuccess: (job) => setJobId(job.id),
  });
  const job = useImportJob(jobId);

  const validation = useMemo(
    () => (preview ? validateMapping(mapping, preview.fields) : { errors: [], byHeader: {}, valid: false }),
    [mapping, preview],
  );

  function reset() {
    setStep(1);
    setFile(null);
    setPreview(null);
    setMapping({});
    setJobId(null);
    previewMutation.reset();
    startMutation.reset();
  }

  const finished = job.data?.status === 'completed' || job.data?.status === 'failed';
  const running = step === 4 && !finished && !startMutation.isError;

  function close() {
    setOpen(false);
    // A running import keeps polling (this component stays mounted) and reopening shows it.
    // Otherwise clear the wizard once the close animation is done.
    if (!running) setTimeout(reset, 200);
  }

  function runImport() {
    if (!file) return;
    setStep(4);
    startMutation.mutate({ file, mapping, defaultCountry: country === NO_COUNTRY ? undefined : country });
  }

  let footer;
  if (step === 1) {
    footer = (
      <Button variant="secondary" onClick={close}>
        Cancel
      </Button>
    );
  } else if (step === 2) {
    footer = (
      <>
        <Button variant="ghost" onClick={() => setStep(1)} className="sm:mr-auto">
          <ArrowLeft aria-hidden /> Choose another file
        </Button>
        <Button variant="primary" disabled={!validation.valid} onClick={() => setStep(3)}>
          Continue
        </Button>
      </>
    );
  } else if (step === 3) {
    footer = (
      <>
        <Button variant="ghost" onClick={() => setStep(2)} className="sm:mr-auto">
          <ArrowLeft aria-hidden /> Back to mapping
        </Button>
        <Button variant="primary" onClick={runImport}>
          Import {formatNumber(preview?.total_rows ?? 0)} {preview?.total_rows === 1 ? 'row' : 'rows'}
        </Button>
      </>
    );
  } else {
    footer = (
      <>
        {(finished || startMutation.isError) && (
          <Button variant="ghost" onClick={reset} className="sm:mr-auto">
            Import another file
          </Button>
        )}
        {running ? (
          <Button variant="secondary" onClick={close}>
            Run in background
          </Button>
        ) : (
          <Button
            variant="primary"
            onClick={() => {
              close();
              navigate('/leads');
            }}
          >
            View leads
          </Button>
        )}
      </>
    );
  }

  return (
    <Dialog open={open} onOpenChange={(o) => (o ? setOpen(true) : close())}>
      <DialogContent className="max-w-3xl sm:top-[8vh] sm:max-h-[84vh] sm:translate-y-0" aria-describedby="import-description">
        <DialogHeader>
          <DialogTitle>Import leads from CSV</DialogTitle>
          <DialogDescription id="import-description">{DESCRIPTIONS[step]}</DialogDescription>
        </DialogHeader>
        {!canEdit ? (
          <PermissionDenied what="importing leads" who="admins and sales" className="py-10" />
        ) : (
          <>
            <ImportStepper step={step} />
            <DialogBody className="border-t border-border pt-4">
              {step === 1 && (
                <ImportUploadStep
                  loading={previewMutation.isPending}
                  fileName={file?.name ?? null}
                  error={previewMutation.isError ? (isApiError(previewMutation.error) ? previewMutation.error.message : "Couldn't read that file.") : null}
                  onFile={(f) => {
                    setFile(f);
                    previewMutation.mutate(f);
                  }}
                />
              )}
              {step === 2 && preview && <ImportMappingStep preview={preview} mapping={mapping} onChange={setMapping} validation={validation} />}
              {step === 3 && preview && file && (
                <ImportReviewStep preview={preview} mapping={mapping} country={country} onCountryChange={setCountry} fileName={file.name} />
              )}
              {step === 4 && <ImportProgressStep job={job.data} startError={startMutation.error} pollError={job.error} mapping={mapping} />}
            </DialogBody>
            <DialogFooter>{footer}</DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
