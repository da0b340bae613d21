import '@xyflow/react/dist/style.css';
import './workflowCanvas.css';
import { Background, BackgroundVariant, Controls } from '@xyflow/react';

/** The dotted background and zoom controls every workflow canvas has. */
export function FlowBackdrop() {
  return (
    <>
      <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
      <Controls showInteractive={false} position="bottom-left" />
    </>
  );
}
