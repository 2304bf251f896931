import { useTestApp } from '../support/fixtures.js';
import { closeAllWs, connectWs, wsUrl } from '../support/clients.js';
import { testDatabases } from '../support/databases.js';
import { http } from '../support/test-app.js';

describe.each(testDatabases())("the reference's plain WebSocket protocol on %s", (kind) => {
  const app = useTestApp(kind, {
    DEFAULT_PROCESS: 'quickstart',
    MAX_BODY_BYTES: '2048',
    SOCKET_MAX_FRAME_BYTES: '8192',
  });
  const ws = (path: string) => connectWs(wsUrl(app.url, path));
  const transcriptOf = (id: string, uid: string) =>
    http('GET', `${app.url}/interactions/${id}/messages`, { uid }).then((r) => r.body);

  afterEach(closeAllWs);

  it('works for a client written against the reference README alone (quickstart)', async () => {
    // Get a uid, then connect with it and interaction=None, as the reference's example client does.
    const handout = ws('/ws');
    const uid = await handout.next();
    expect(uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(await handout.closed).toBe(1000);

    const client = ws(`/ws?uid=${uid}&interaction=None`);
    const interaction = await client.next();
    expect(interaction).toMatch(/^[0-9a-f-]{36}$/);
    const welcome = await client.nextJson();
    expect(welcome).toMatchObject({ utterance: 'Ready', payload: {} });
    client.send({ type: 'data', payload: { echo: 'Bob' } });
    const reply = await client.nextJson();
    expect(reply.utterance).toBe('Framework says: Bob\nProcess completed!');
    expect(reply.payload).toEqual({});
  });

  it('runs name_nickname with text and data on /ws/use/<uid>, and resumes silently after a disconnect', async () => {
    const client = ws('/ws/use/wes?interaction=null&process=name_nickname');
    const interaction = await client.next();
    expect((await client.nextJson()).utterance).toBe(
      'Would you like to insert the name or a nickname?',
    );
    client.send({ type: 'data', payload: { name_nickname: 'name' } });
    expect(await client.nextJson()).toMatchObject({ utterance: 'Please insert your name', seq: 2 });
    client.close();

    const resumed = ws(`/ws?uid=wes&interaction=${interaction}`);
    resumed.send({ type: 'utterance', utterance: 'Wes' });
    // the first frame after a resume is the reply: the server sent nothing first
    expect(await resumed.nextJson()).toMatchObject({ utterance: 'Please insert your age', seq: 3 });
    resumed.send({ type: 'utterance', utterance: '33', id: 'a' });
    resumed.send({ type: 'utterance', utterance: '33', id: 'a' });
    const done = await resumed.nextJson();
    expect(done).toMatchObject({ utterance: 'Name, Wes 33\nProcess completed!', seq: 4 });
    expect(await resumed.nextJson()).toEqual(done);
    // The reference's frame exactly: no input or message id (those are socket.io's additions).
    expect(Object.keys(done).sort()).toEqual(['activity', 'payload', 'seq', 'status', 'utterance']);
    expect(await transcriptOf(interaction, 'wes')).toHaveLength(4);
  });

  it('answers bad frames with an error frame, keeps the connection and changes nothing', async () => {
    const client = ws('/ws?uid=xena&interaction=None&process=name_nickname');
    const interaction = await client.next();
    await client.nextJson();
    const bad: [unknown, RegExp][] = [
      ['not json', /the frame is not JSON/],
      ['[1, 2]', /must be a JSON object/],
      [{ type: 'shout' }, /"type" must be "utterance"/],
      [{ type: 'utterance' }, /"utterance" must be a string/],
      [{ type: 'data', payload: [] }, /"payload" must be a JSON object/],
      [{ type: 'utterance', utterance: 'z'.repeat(3000) }, /the limit is 2048/],
      [Buffer.from([0xff, 0x00]), /binary frames are not read/],
    ];
    for (const [frame, pattern] of bad) {
      client.send(frame);
      const answer = await client.nextJson();
      expect(answer.code).toBe('BAD_MESSAGE');
      expect(answer.error).toMatch(pattern);
    }
    expect(await transcriptOf(interaction, 'xena')).toHaveLength(1);
    client.send({ type: 'data', payload: { name_nickname: 'nickname' } });
    expect(await client.nextJson()).toMatchObject({ seq: 2 });

    // A frame over SOCKET_MAX_FRAME_BYTES closes the connection (1009: message too big).
    client.send({ type: 'utterance', utterance: 'q'.repeat(10_000) });
    expect(await client.closed).toBe(1009);
    expect(await transcriptOf(interaction, 'xena')).toHaveLength(2);
  });

  it('refuses an interaction without a uid, and a foreign or unknown one, with an error frame and close 1008', async () => {
    const owner = ws('/ws?uid=yuri&interaction=None');
    const interaction = await owner.next();
    await owner.nextJson();
    for (const path of [
      `/ws?interaction=${interaction}`,
      `/ws?uid=mallory&interaction=${interaction}`,
      '/ws?uid=yuri&interaction=unknown',
    ]) {
      const intruder = ws(path);
      // The refusal carries its code, as on every transport.
      expect(await intruder.nextJson()).toMatchObject(
        path.includes('uid=')
          ? { error: expect.stringMatching(/no interaction/), code: 'INTERACTION_NOT_FOUND' }
          : { error: expect.stringMatching(/say who the user is/), code: 'UID_REQUIRED' },
      );
      expect(await intruder.closed).toBe(1008);
    }
    expect(await transcriptOf(interaction, 'yuri')).toHaveLength(1);
  });

  it('closes a client that sends more than TURN_QUEUE_LIMIT frames ahead of their replies, and runs none of the excess', async () => {
    const flooder = ws('/ws?uid=flo&interaction=None');
    const interaction = await flooder.next();
    await flooder.nextJson();
    for (let i = 0; i < 200; i += 1) flooder.send({ type: 'utterance', utterance: `m${i}` });
    expect(await flooder.closed).toBe(1008);
    // the welcome, then at most the running frame and the 32 waiting behind it (default TURN_QUEUE_LIMIT)
    const turns = (await transcriptOf(interaction, 'flo')).length;
    expect(turns).toBeGreaterThanOrEqual(1);
    expect(turns).toBeLessThanOrEqual(1 + 1 + 32);
    const next = ws('/ws?uid=flo&interaction=None');
    await next.next();
    expect((await next.nextJson()).utterance).toBeTypeOf('string');
  });

  it('refuses upgrades on other paths', async () => {
    const stray = ws('/elsewhere');
    expect(await stray.closed).toBe(1006);
  });
});
