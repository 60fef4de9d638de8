/** Runs a CLI `main` with the environment a shell would give it, capturing what it prints. */
export async function runCli(
  run: (args: string[]) => Promise<number>,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = { ...process.env };
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  for (const [name, value] of Object.entries(env)) process.env[name] = value;
  try {
    const code = await run(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    for (const name of Object.keys(env)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
