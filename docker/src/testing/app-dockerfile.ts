import { DockerfileParser } from 'dockerfile-ast';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCKER_DIR } from './compose-files';

interface DockerInstruction {
  keyword: string;
  args: string;
  /** `COPY --from=<stage>`. */
  from?: string;
}

interface DockerStage {
  name: string;
  image: string;
  instructions: DockerInstruction[];
}

export interface AppDockerfile {
  /** `ARG NAME=default` lines before the first FROM. */
  globalArgs: Record<string, string>;
  stages: DockerStage[];
}

export function readAppDockerfile(): AppDockerfile {
  const parsed = DockerfileParser.parse(readFileSync(join(DOCKER_DIR, 'app.Dockerfile'), 'utf8'));
  const globalArgs: Record<string, string> = {};
  const stages: DockerStage[] = [];
  for (const instruction of parsed.getInstructions()) {
    const keyword = instruction.getKeyword();
    const args = instruction.getArgumentsContent() ?? '';
    if (keyword === 'FROM') {
      const [image = '', , name] = args.split(/\s+/);
      stages.push({ name: name ?? '(final)', image, instructions: [] });
    } else if (stages.length === 0) {
      const [name = '', value = ''] = args.split('=');
      if (keyword === 'ARG') globalArgs[name] = value;
    } else {
      const from = 'getFromFlag' in instruction ? (instruction as { getFromFlag(): { getValue(): string } | null }).getFromFlag()?.getValue() : undefined;
      stages.at(-1)?.instructions.push({ keyword, args, ...(from ? { from } : {}) });
    }
  }
  return { globalArgs, stages };
}

/**
 * What the image of an app runs, in terms of this checkout: the files its `deps` stage installs
 * from, the `npm ci` it runs there, the bundle folder its final stage copies beside the installed
 * node_modules, and the environment it sets. Read from app.Dockerfile; a COPY or RUN it does not
 * know is an error, so the bundle check never silently runs something else than the image would.
 */
export interface BundleRecipe {
  installFiles: (app: string) => string[];
  installCommand: string;
  bundleDir: (app: string) => string;
  env: Record<string, string>;
}

export function bundleRecipe(dockerfile: AppDockerfile = readAppDockerfile()): BundleRecipe {
  const stage = (name: string) => {
    const found = dockerfile.stages.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`app.Dockerfile has no stage ${name}: update docker/src/testing/app-dockerfile.ts`);
    return found;
  };
  const build = stage('build');
  const buildRoot = `${build.instructions.find((instruction) => instruction.keyword === 'WORKDIR')?.args}/`;
  if (!build.instructions.some((instruction) => instruction.keyword === 'COPY' && instruction.args === '. .')) {
    throw new Error('app.Dockerfile: the build stage no longer copies the checkout (COPY . .): update docker/src/testing/app-dockerfile.ts');
  }
  const fromBuild = (path: string) => {
    if (!path.startsWith(buildRoot)) throw new Error(`app.Dockerfile copies ${path} from outside the build stage's ${buildRoot}`);
    return path.slice(buildRoot.length);
  };
  const unknown = (where: string, instruction: DockerInstruction) =>
    new Error(`app.Dockerfile ${where}: ${instruction.keyword} ${instruction.args} is not something the bundle check does; update docker/src/testing/app-dockerfile.ts`);

  const installFiles: string[] = [];
  let installCommand = '';
  for (const instruction of stage('deps').instructions) {
    if (instruction.keyword === 'COPY') {
      const sources = instruction.args.split(/\s+/).slice(0, -1);
      installFiles.push(...(instruction.from === 'build' ? sources.map(fromBuild) : sources));
    } else if (instruction.keyword === 'RUN' && instruction.args.startsWith('npm ci ')) {
      installCommand = instruction.args;
    } else if (!(instruction.keyword === 'RUN' && instruction.args.startsWith('apt-get ')) && !['WORKDIR', 'ARG'].includes(instruction.keyword)) {
      throw unknown('deps stage', instruction);
    }
  }

  const final = dockerfile.stages.at(-1) as DockerStage;
  const copies = final.instructions.filter((instruction) => instruction.keyword === 'COPY');
  const modules = copies.find((copy) => copy.from === 'deps');
  const bundle = copies.find((copy) => copy.from === 'build');
  if (copies.length !== 2 || modules?.args !== '/app/node_modules ./node_modules' || !bundle?.args.endsWith(' ./')) {
    throw new Error(`app.Dockerfile's final stage copies ${copies.map((copy) => copy.args).join('; ')}: update docker/src/testing/app-dockerfile.ts`);
  }
  const env: Record<string, string> = {};
  for (const instruction of final.instructions.filter((candidate) => candidate.keyword === 'ENV')) {
    for (const pair of instruction.args.split(/\s+/)) {
      const [name = '', value = ''] = pair.split('=');
      env[name] = value;
    }
  }
  const withApp = (path: string, app: string) => path.replace(/\$\{APP\}/g, app);
  return {
    installFiles: (app) => installFiles.map((file) => withApp(file, app)),
    installCommand,
    bundleDir: (app) => withApp(fromBuild(bundle.args.split(/\s+/)[0] as string), app),
    env,
  };
}
