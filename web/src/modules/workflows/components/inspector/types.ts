import type { GraphNodeOf, StepData, StepType } from '../../types/graph';

/** What every inspector form gets: its node, and a way to replace the node's settings. */
export interface StepFormProps<T extends StepType> {
  node: GraphNodeOf<T>;
  /** `typingIn` names a text field, so typing a word is one undo step. */
  onChange: (data: StepData[T], typingIn?: string) => void;
  readOnly: boolean;
}
