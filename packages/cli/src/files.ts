/**
 * Reading the files the CLI is given: scenario files and probe traces. The parsing itself is
 * pure and lives with what it parses (`parseScenarioFile` in `@scavsim/scenarios`, `parseTrace`
 * in `@scavsim/report`); this module only turns a path into text, so that `node:fs` stays in
 * this package.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ScavsimError } from '@scavsim/core';
import { parseTrace, type ProbeTrace } from '@scavsim/report';
import { parseScenarioFile, type ScenarioFile } from '@scavsim/scenarios';

/**
 * Reads and validates a scenario file. The config itself is validated when it runs, with
 * errors naming the field (`config.processes[0].gogc`).
 * @throws {@link ScavsimError} `E_UNKNOWN_NAME` when the file cannot be read, else as
 *   `parseScenarioFile` with the path as source
 */
export function loadScenarioFile(path: string): ScenarioFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ScavsimError('E_UNKNOWN_NAME', 'scenario', `cannot read scenario file ${path}`, 'a readable .json file');
  }
  return parseScenarioFile(text, path);
}

/**
 * Reads and parses a probe trace file.
 * @throws {@link ScavsimError} `E_UNKNOWN_NAME` naming the path when it cannot be read, else as
 *   `parseTrace` with the file name as source
 */
export function readTraceFile(path: string): ProbeTrace {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ScavsimError('E_UNKNOWN_NAME', path, `cannot read trace file (${(e as Error).message})`, 'a readable probe trace (.jsonl)');
  }
  return parseTrace(text, basename(path));
}
