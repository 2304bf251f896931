import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import { InMemoryProcessVersions } from '../processes/in-memory-process-versions.js';
import { ProcessEngine } from '../processes/process-engine.service.js';
import { processBpmn } from '../processes/process-bpmn.js';
import { loadSettings } from '../settings/settings.js';

/**
 * `npm run bpmn -- [process] [file]`: the process (the default one when none is named) as BPMN 2.0 XML
 * with a laid-out diagram, written to the file or to stdout, to open in any BPMN modeler.
 */
async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const registry = new ProcessEngine(loadSettings(), new InMemoryProcessVersions());
  await registry.reload();
  const [name, file] = process.argv.slice(2);
  const loaded = registry.get(name === undefined || name === '' ? undefined : name);
  const xml = await processBpmn(loaded);
  if (file === undefined) {
    process.stdout.write(xml.endsWith('\n') ? xml : `${xml}\n`);
  } else {
    await writeFile(file, xml);
    console.error(`wrote process "${loaded.name}" as BPMN 2.0 to ${file}`);
  }
}

main().catch((error: unknown) => {
  console.error(`bpmn: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
