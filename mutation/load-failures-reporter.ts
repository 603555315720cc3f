import type { RunnerTestFile } from 'vitest';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * For mutation runs only. A mutant that makes a module throw while it loads (say, a zod
 * discriminated union given an option without the discriminator) fails every test file importing
 * it before any test is collected. Stryker's vitest runner builds a mutant's result from the tests
 * it collected, so such a file counts as no tests and the mutant as survived, although the suite
 * catches it. This reporter gives each test file that failed without collecting a test one failed
 * test carrying the load error, so Stryker scores the mutant killed. A file that loaded is left as
 * it is; ordinary runs do not use this reporter.
 */
export default class LoadFailuresAsTests implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    for (const module of modules) {
      // the runner's own record of the file, which is what Stryker's runner reads back
      const file = (module as unknown as { task: RunnerTestFile }).task;
      if (file.result?.state !== 'fail' || file.tasks.length > 0) continue;
      const errors = file.result.errors ?? [{ message: 'the test file failed to load', name: 'Error' }];
      // vitest types a test with a run context only it can build; nothing reads one after the run
      file.tasks.push({
        type: 'test',
        id: `${file.id}_load`,
        name: 'the test file loads',
        fullName: `${file.name} the test file loads`,
        mode: 'run',
        file,
        suite: file,
        meta: {},
        timeout: 0,
        annotations: [],
        artifacts: [],
        result: { state: 'fail', errors, duration: 0 },
      } as unknown as (typeof file.tasks)[number]);
    }
  }
}
