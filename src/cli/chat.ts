import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { Logger } from '@nestjs/common';
import {
  EngineError,
  type Input,
  type InteractionState,
  isPlainObject,
  type JsonObject,
  kbForUser,
  knowledgeChanges,
  type StepOutcome,
} from '../engine/index.js';
import { InMemoryProcessVersions } from '../processes/in-memory-process-versions.js';
import { ProcessEngine } from '../processes/process-engine.service.js';
import { loadSettings } from '../settings/settings.js';

const HELP =
  'Type text, or a JSON object to send it as data. Commands: /state, /restart, /help, /quit.';

/** `npm run chat -- [process]`: talk to a process in the terminal, with the same engine as the server. */
async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const registry = new ProcessEngine(loadSettings(), new InMemoryProcessVersions());
  await registry.reload();
  const process_ = registry.get(process.argv[2]);
  let knowledge: JsonObject = {};
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const show = (outcome: StepOutcome) => {
    out(`bot> ${outcome.reply.utterance.split('\n').join('\n     ')}`);
    out(`     payload  ${JSON.stringify(outcome.reply.payload)}`);
    out(
      `     activity ${outcome.state.current}   done ${JSON.stringify(outcome.state.context._done_)}`,
    );
    if (outcome.reachedEnd) {
      knowledge = { ...knowledge, ...knowledgeChanges(process_.kb, outcome.state.kb) };
      out('     (the process is complete; /restart starts it again with what it learnt)');
    }
  };
  const begin = async (): Promise<InteractionState> => {
    const outcome = await registry.start(process_, kbForUser(process_.kb, knowledge));
    show(outcome);
    return outcome.state;
  };

  out(`process "${process_.name}" (version ${process_.version}). ${HELP}`);
  let state = await begin();
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '/quit') break;
    if (line === '/help') out(HELP);
    else if (line === '/state') out(JSON.stringify(state, null, 2));
    else if (line === '/restart') state = await begin();
    else {
      const input = parseLine(line);
      if (typeof input === 'string') {
        out(`!    ${input}`);
        continue;
      }
      try {
        const outcome = await registry.step(process_, state, input);
        state = outcome.state;
        show(outcome);
      } catch (error) {
        if (!(error instanceof EngineError)) throw error;
        out(`!    ${error.code}: ${error.message} (nothing changed)`);
      }
    }
  }
}

/** A line that is a JSON object is data; anything else is an utterance. Returns an error text for bad JSON. */
function parseLine(line: string): Input | string {
  if (!line.startsWith('{')) return { type: 'utterance', utterance: line };
  try {
    const payload: unknown = JSON.parse(line);
    return isPlainObject(payload) ? { type: 'data', payload } : 'data must be a JSON object';
  } catch (error) {
    return `not valid JSON (${(error as Error).message}); text that starts with "{" is read as data`;
  }
}

main().catch((error: unknown) => {
  console.error(`chat: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
