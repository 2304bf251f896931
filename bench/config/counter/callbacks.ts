import type { Callbacks } from 'mmcc-backend';

// The bench's counter: one TASK that never completes and counts its inputs in the context, as the Python
// twin (bench/python/counter) and the original's counter do. The tests' counter (test/fixtures/config/counter)
// also waits 1 ms in each turn, to check that two turns of one interaction never interleave: that wait is
// the callback's, not the server's, and no ceiling has it, so the bench's counter does not.
const callbacks: Callbacks = {
  start: (data, kb, context) => {
    context.counter = 0;
    return { complete: true, utterance: 'counting' };
  },
  count: (data, kb, context) => {
    const counter = Number(context.counter) + 1;
    context.counter = counter;
    return { complete: false, utterance: `count ${counter}`, payload: { counter } };
  },
};

export default callbacks;
