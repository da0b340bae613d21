export type LinkedinTaskKind = 'connect' | 'message' | 'view_profile';
export type LinkedinTaskStatus = 'open' | 'done' | 'skipped';

/** `GET /api/linkedin/tasks`: a LinkedIn action for a person to do by hand. Times are ISO 8601. */
export interface LinkedinTask {
  id: string;
  lead_id: string;
  /** Whom the task is for: the lead's full name, else its email; empty when it has neither. */
  lead_name: string;
  message_id: string | null;
  kind: LinkedinTaskKind;
  /** The AI-written (or typed) text to use: the invitation note or the message. */
  text: string;
  profile_url: string | null;
  status: LinkedinTaskStatus;
  /** Later than now when the weekly limit is reached. */
  due_at: string;
  scheduled_reason: string | null;
  skip_reason: string | null;
  completed_by: string | null;
  completed_at: string | null;
  created_at: string;
}
