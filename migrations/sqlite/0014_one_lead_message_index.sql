-- Every per-lead lookup of messages (the lead's last inbound on a channel, its replies since a
-- time, a campaign's counts per lead) is served by one index led by the lead and the
-- direction. The two overlapping indexes it replaces had every message written into both: one
-- more B-tree page dirtied in a random place per insert, on the hottest table.
DROP INDEX messages_lead_inbound;
DROP INDEX messages_lead_direction;
CREATE INDEX messages_lead ON messages (lead_id, direction, channel, created_at);
