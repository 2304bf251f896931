import {
  parseCustomData,
  parseSessionRequest,
  toBotUttered,
  toButtonPayload,
  toMessage,
} from '../../../src/transports/rasa/rasa-frames.js';

const reply = (utterance: string, payload: Record<string, unknown> = {}) => ({
  utterance,
  payload: payload as any,
  seq: 4,
  activity: 'ask',
  status: 'active' as const,
});

describe('rasa-frames', () => {
  it.each([
    [{ intent: 'state_preference', preference: 'cap' }, '/state_preference{"preference":"cap"}'],
    [{ intent: 'change_nothing' }, '/change_nothing'],
    [{ name_nickname: 'name' }, '/{"name_nickname":"name"}'],
    [{ intent: 'has space', x: 1 }, '/{"intent":"has space","x":1}'],
  ])(
    'turns the button data %j into the payload %s, which comes back as the same data',
    (data, payload) => {
      expect(toButtonPayload(data)).toBe(payload);
      expect(toMessage(payload)).toEqual({ type: 'data', payload: data });
    },
  );

  it('takes other text, a lone slash included, as an utterance for the NLU', () => {
    expect(toMessage('I would like a cap')).toEqual({
      type: 'utterance',
      utterance: 'I would like a cap',
    });
    expect(toMessage('/')).toEqual({ type: 'utterance', utterance: '/' });
    expect(toMessage('/ not a payload')).toEqual({
      type: 'utterance',
      utterance: '/ not a payload',
    });
  });

  it('refuses a payload whose entities are not a JSON object, saying how to write one', () => {
    expect(() => toMessage('/greet{oops')).toThrow(/\/intent\{"entity": "value"\}/);
    expect(() => toMessage('/greet[1]')).not.toThrow();
    expect(() => toMessage('/greet{"a": [1')).toThrow(/not a payload/);
  });

  it('splits an utterance into bubbles, puts the buttons on the last and the rest of the payload apart', () => {
    const frames = toBotUttered(
      reply('Hello!\nWhich one?', {
        show: 'items',
        buttons: [{ label: 'Cap', data: { intent: 'pick', item: 'cap' } }, { label: 'broken' }],
      }),
    );
    const metadata = { seq: 4, activity: 'ask', status: 'active' };
    expect(frames).toEqual([
      { text: 'Hello!', metadata },
      {
        text: 'Which one?',
        metadata,
        quick_replies: [{ content_type: 'text', title: 'Cap', payload: '/pick{"item":"cap"}' }],
      },
      { text: '', custom: { show: 'items' }, metadata },
    ]);
    expect(toBotUttered(reply('Done.'))).toEqual([{ text: 'Done.', metadata }]);
  });

  it('reads uid, token and process from customData and leaves the rest of it alone', () => {
    expect(parseCustomData({ uid: 'ann', language: 'en', process: 'store' })).toEqual({
      uid: 'ann',
      process: 'store',
      token: undefined,
    });
    expect(() => parseCustomData({ uid: 3 })).toThrow(/customData.uid/);
    expect(() => parseCustomData([])).toThrow(/"customData" must be an object/);
    expect(parseSessionRequest({ session_id: null })).toEqual({
      customData: {},
      sessionId: undefined,
    });
    expect(() => parseSessionRequest('id')).toThrow(/session_request takes an object/);
  });
});
