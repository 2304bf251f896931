import type { Callbacks } from 'mmcc-backend';

// The smallest process: say "Ready", echo one input, then end.
const callbacks: Callbacks = {
  start: (data, kb) => ({ complete: true, utterance: String(kb.ready) }),

  echo: (data, kb) => {
    if (typeof data.echo !== 'string')
      return { complete: false, utterance: String(kb.echo_missing) };
    return { complete: true, utterance: `Framework says: ${data.echo}` };
  },
};

export default callbacks;
