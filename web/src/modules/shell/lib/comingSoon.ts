import {
  ArrowLeftRight,
  BadgeCheck,
  BookMarked,
  Bot,
  Boxes,
  Braces,
  ChartLine,
  Coins,
  Download,
  FileSearch,
  FileUp,
  FlaskConical,
  Gauge,
  GitBranch,
  Hand,
  Layers,
  ListFilter,
  MessagesSquare,
  Mic,
  PhoneCall,
  Quote,
  Route,
  ShieldCheck,
  SlidersHorizontal,
  Smile,
  Sparkles,
  Star,
  Timer,
  type LucideIcon,
} from 'lucide-react';

export type PreviewKind = 'inbox' | 'canvas' | 'cards' | 'chart' | 'docs';

export interface ComingSoonSpec {
  title: string;
  headline: string;
  description: string;
  preview: PreviewKind;
  features: { icon: LucideIcon; title: string; body: string }[];
  meanwhile: { label: string; to: string };
}

/** What each not-yet-built page will do, from the product brief (capabilities C3–C15). */
export const comingSoon: Record<string, ComingSoonSpec> = {
  inbox: {
    title: 'Inbox',
    headline: 'Every conversation, live, in one place',
    description:
      'Watch AI agents talk to leads across email, SMS, WhatsApp, voice and LinkedIn as it happens — and step in whenever you want.',
    preview: 'inbox',
    features: [
      { icon: MessagesSquare, title: 'One timeline per lead', body: 'Every channel merged into a single thread with the lead panel beside it.' },
      { icon: Sparkles, title: 'AI drafts, explained', body: 'Drafts stream in with the sources used and the policy verdict attached.' },
      { icon: Hand, title: 'Take over in one click', body: 'Pause the AI, reply yourself, approve or edit drafts, then hand back.' },
      { icon: PhoneCall, title: 'Live call transcripts', body: 'Listen to voice calls as they happen and take over mid-call.' },
      { icon: ListFilter, title: 'Focus filters', body: 'Filter by channel, status, assignee, sentiment or unread.' },
      { icon: ShieldCheck, title: 'Opt-outs respected', body: 'Opt-out banners and consent checks before anything is sent.' },
    ],
    meanwhile: { label: 'Review your leads', to: '/leads' },
  },
  workflows: {
    title: 'Workflows',
    headline: 'Multi-channel sequences, drawn not coded',
    description:
      'Build outreach as a flow: generate with AI, send on any channel, wait for replies, branch on what leads do — with durable runs that never double-send.',
    preview: 'canvas',
    features: [
      { icon: GitBranch, title: 'Drag-and-drop builder', body: 'Palette, canvas and inspector with inline validation and versions.' },
      { icon: Route, title: 'Every step you need', body: 'Send, wait, wait-for-reply, decision, A/B split, channel fallback, negotiate.' },
      { icon: Timer, title: 'Business hours aware', body: "Waits respect each lead's timezone, sending windows and daily caps." },
      { icon: BadgeCheck, title: 'Validate before launch', body: 'Catches missing agents, unapproved templates, cycles and missing consent.' },
      { icon: FlaskConical, title: 'Simulation sandbox', body: 'Run a flow for a sample lead and see every message — nothing is sent.' },
      { icon: Braces, title: 'Import and export', body: 'Share workflows as JSON; runs stay pinned to the version they started on.' },
    ],
    meanwhile: { label: 'Prepare your audience', to: '/leads' },
  },
  agents: {
    title: 'Agents',
    headline: 'AI teammates with your voice and your rules',
    description:
      'Design personas, give them knowledge and tools, choose how much autonomy they get, and test them before they talk to anyone.',
    preview: 'cards',
    features: [
      { icon: SlidersHorizontal, title: 'Persona Studio', body: 'Tone sliders for formality, warmth, brevity, enthusiasm and assertiveness.' },
      { icon: Bot, title: 'Agent builder', body: 'Persona + model + knowledge + webhook tools + channel permissions.' },
      { icon: Hand, title: 'Autonomy levels', body: 'Draft only, approve before send, or fully autonomous.' },
      { icon: FlaskConical, title: 'Test console', body: 'See each reply with latency, token counts and cost.' },
      { icon: Gauge, title: 'Agent metrics', body: 'Average and p95 latency, cost and reply rate per agent.' },
      { icon: Coins, title: 'Negotiation playbooks', body: 'Price bounds and concession steps the agent can never exceed.' },
    ],
    meanwhile: { label: 'Set up your team', to: '/settings/team' },
  },
  knowledge: {
    title: 'Knowledge',
    headline: 'Answers grounded in your own documents',
    description:
      'Upload product docs, pricing and case studies. Agents retrieve from them before writing and show exactly which sources they used.',
    preview: 'docs',
    features: [
      { icon: FileUp, title: 'Upload anything', body: 'PDF, Markdown, plain text and HTML — extracted, chunked and indexed.' },
      { icon: FileSearch, title: 'Retrieval before writing', body: 'Knowledge and past interactions are retrieved for every draft.' },
      { icon: Quote, title: 'Sources shown', body: 'Every AI draft links back to the passages it relied on.' },
      { icon: Smile, title: 'Sentiment and intent', body: 'Replies classified: interested, objection, out of office, referral…' },
    ],
    meanwhile: { label: 'Go to dashboard', to: '/' },
  },
  analytics: {
    title: 'Analytics',
    headline: 'See what converts, channel by channel',
    description:
      'Campaign, agent and channel dashboards from sent to deal, with daily time series, cost per workspace and exports for your BI tools.',
    preview: 'chart',
    features: [
      { icon: ChartLine, title: 'Full-funnel metrics', body: 'Sent, delivered, opened, clicked, replied, positive, meetings, deals.' },
      { icon: Layers, title: 'By step and variant', body: 'Break results down by workflow step, A/B variant and channel.' },
      { icon: Coins, title: 'Cost control', body: 'LLM and channel cost per workspace, agent and campaign.' },
      { icon: Download, title: 'Export', body: 'CSV and PDF export; a schema friendly to Metabase.' },
    ],
    meanwhile: { label: 'See the dashboard', to: '/' },
  },
  marketplace: {
    title: 'Marketplace',
    headline: 'Reusable blocks from the community',
    description:
      'Browse, install and rate ready-made workflows, personas, policies, templates and agents — or publish your own with the SDK and CLI.',
    preview: 'cards',
    features: [
      { icon: Boxes, title: 'Blocks of every kind', body: 'Workflows, personas, policies, templates and agents.' },
      { icon: Star, title: 'Browse and rate', body: 'Search by category, read ratings, install in one click.' },
      { icon: ShieldCheck, title: 'Verified packages', body: 'Schema-validated and checksummed, with declared requirements.' },
      { icon: ArrowLeftRight, title: 'Import and export', body: 'Move blocks between workspaces and instances.' },
      { icon: BookMarked, title: 'SDK and CLI', body: 'omnireach blocks init, validate, pack and publish.' },
      { icon: Mic, title: 'Extension points', body: 'Add channel providers, LLM providers and custom workflow nodes.' },
    ],
    meanwhile: { label: 'Go to dashboard', to: '/' },
  },
};
