import {
  activitiesOf,
  parseWatermark,
  toPosted,
} from '../../../src/transports/directline/directline-activities.js';

const entry = (
  seq: number,
  input: any,
  utterance: string,
  payload: any = {},
  messageId: string | null = null,
) => ({
  seq,
  messageId,
  input,
  reply: { utterance, payload, seq, activity: `a${seq}`, status: 'active' as const },
  activityBefore: null,
  activityAfter: `a${seq}`,
  createdAt: `2026-01-01T00:00:0${seq}.000Z`,
});

describe('directline-activities', () => {
  const conversation = { id: 'c1', uid: 'ann', process: 'store' };
  const welcome = entry(1, null, 'Hi', { buttons: [{ label: 'Cap', data: { item: 'cap' } }] });
  const click = entry(2, { type: 'data', payload: { item: 'cap' } }, 'Cap it is', {}, 'm-1');

  it('numbers activities by turn: the user message and the reply of seq n, the welcome alone', () => {
    const activities = activitiesOf([welcome, click], conversation);
    expect(activities.map((a) => [a.id, a.from.role])).toEqual([
      ['c1|1.bot', 'bot'],
      ['c1|2.user', 'user'],
      ['c1|2.bot', 'bot'],
    ]);
    expect(activities[0].suggestedActions).toEqual({
      to: ['ann'],
      actions: [
        { type: 'messageBack', title: 'Cap', displayText: 'Cap', text: '', value: { item: 'cap' } },
      ],
    });
    // A click shows as the label of its button, and keeps Web Chat's id.
    expect(activities[1]).toMatchObject({
      text: 'Cap',
      value: { item: 'cap' },
      channelData: { clientActivityID: 'm-1' },
    });
    expect(activities[2]).toMatchObject({
      replyToId: 'c1|2.user',
      channelData: { seq: 2, payload: {} },
    });
    // Read after watermark 1, the click still finds its button in the turn before.
    expect(activitiesOf([click], conversation, welcome)[0].text).toBe('Cap');
  });

  it('reads a message activity as text or as the card action value, with its client id', () => {
    expect(
      toPosted({ type: 'message', text: 'hello', channelData: { clientActivityID: 'x1' } }),
    ).toEqual({
      kind: 'message',
      message: { type: 'utterance', utterance: 'hello', id: 'x1' },
    });
    expect(toPosted({ type: 'message', text: '', value: { a: 1 } })).toEqual({
      kind: 'message',
      message: { type: 'data', payload: { a: 1 } },
    });
    expect(toPosted({ type: 'typing' })).toEqual({ kind: 'typing' });
    expect(() => toPosted({ type: 'conversationUpdate' })).toThrow(/not implemented/);
    expect(() => toPosted({ type: 'message', attachments: [{}] })).toThrow(
      /attachments are not implemented/,
    );
    expect(() => toPosted('hi')).toThrow(/must be an activity/);
  });

  it('takes watermarks as whole numbers', () => {
    expect(parseWatermark(undefined)).toBe(0);
    expect(parseWatermark('')).toBe(0);
    expect(parseWatermark('12')).toBe(12);
    expect(() => parseWatermark('-1')).toThrow(/"watermark" must be a whole number/);
    expect(() => parseWatermark(['1', '2'])).toThrow(/"watermark"/);
  });
});
