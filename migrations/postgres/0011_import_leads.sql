-- The leads each CSV import created, merged or left unchanged, so a campaign can take "the
-- leads of this import" as its audience. Rows are written with the import's progress, in the
-- same transaction; a resumed import writes them again (ignored).
CREATE TABLE import_leads (
    job_id TEXT NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
    lead_id TEXT NOT NULL,
    PRIMARY KEY (job_id, lead_id)
);
