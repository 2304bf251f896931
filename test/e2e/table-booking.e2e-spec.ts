import { testDatabases } from '../support/databases.js';
import { useTestApp } from '../support/fixtures.js';
import { http } from '../support/test-app.js';

/** The booking example over REST: the typed entities (number, datetime, yes/no) and the buttons at each step. */
describe.each(testDatabases())('the table booking example on %s', (kind) => {
  const app = useTestApp(kind);

  async function booking(uid: string) {
    const started = await http('POST', `${app.url}/interactions`, {
      body: { uid, process: 'table_booking' },
    });
    expect(started.status).toBe(201);
    const id = started.body.interaction as string;
    const send = async (body: unknown) =>
      (await http('POST', `${app.url}/interactions/${id}/messages`, { uid, body })).body;
    return { started: started.body.reply, send };
  }
  const text = (utterance: string) => ({ type: 'utterance', utterance });
  const labels = (reply: { payload: { buttons?: { label: string }[] } }) =>
    (reply.payload.buttons ?? []).map((b) => b.label);

  it('books a table from words: numbers, dates and yes/no, each question asked in turn', async () => {
    const { started, send } = await booking('ann');
    expect(started.utterance).toContain('How many people will you be?');
    expect(labels(started)).toEqual(['1', '2', '3', '4', '5', '6']);

    const smallTalk = await send(text('do you have hats?'));
    expect(smallTalk.utterance).toBe('How many people will you be?');
    expect(labels(smallTalk)).toEqual(['1', '2', '3', '4', '5', '6']);

    expect((await send(text('we are four'))).utterance).toContain('When would you like to come?');
    const seating = await send(text('next friday at 8pm'));
    expect(seating.utterance).toBe('Would you like to sit indoors or outdoors?');
    expect(labels(seating)).toEqual(['Indoor', 'Outdoor']);

    const recap = await send(text('outside please'));
    expect(recap.utterance).toMatch(
      /^A table for 4, Friday \d+ \w+ at 20:00, outdoor\.\nShall I book it\?$/,
    );
    expect(labels(recap)).toEqual(['Yes, book it', 'No']);

    const corrected = await send(text('make it five'));
    expect(corrected.utterance).toMatch(/^A table for 5, .* Shall I book it\?$/);
    const booked = await send(text('yes please'));
    expect(booked.utterance).toBe('Your table is booked. See you soon!');
    expect(booked.payload).toMatchObject({
      show: 'booked',
      booking: {
        party_size: 5,
        seating: 'outdoor',
        when: expect.stringMatching(/T20:00:00\+0[12]:00$/),
      },
    });
    expect(booked.status).toBe('completed');
  });

  it('takes every detail from one sentence, and the same data from clicks', async () => {
    const spoken = await booking('bea');
    const all = await spoken.send(text('a table for two tomorrow at 7pm, on the terrace'));
    expect(all.utterance).toMatch(/^A table for 2, \w+ \d+ \w+ at 19:00, outdoor\./);

    const clicked = await booking('cy');
    await clicked.send({ type: 'data', payload: { party_size: 3 } });
    await clicked.send(text('saturday 19:30'));
    const recap = await clicked.send({ type: 'data', payload: { seating: 'indoor' } });
    expect(recap.utterance).toMatch(/^A table for 3, Saturday \d+ \w+ at 19:30, indoor\./);
    const no = await clicked.send({ type: 'data', payload: { confirm: false } });
    expect(no.utterance).toContain('Not booked yet');
    expect(labels(no)).toEqual(['Yes, book it', 'No']);
    expect((await clicked.send({ type: 'data', payload: { confirm: true } })).status).toBe(
      'completed',
    );
  });
});
