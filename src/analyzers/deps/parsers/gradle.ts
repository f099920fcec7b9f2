/**
 * build.gradle / build.gradle.kts basics: string notation `configuration "group:name:version"` (Groovy and Kotlin)
 * and Groovy map notation `group: 'g', name: 'n', version: 'v'`. Variables are not evaluated.
 */
import type { Dep, ParseResult } from '../types.js';

const CONFIG = String.raw`(implementation|api|compile|compileOnly|runtimeOnly|runtime|classpath|annotationProcessor|kapt|ksp|developmentOnly|testImplementation|testCompileOnly|testRuntimeOnly|testCompile|androidTestImplementation|debugImplementation|releaseImplementation)`;
// `\s*(?:\(\s*)?`, not `\s*\(?\s*`: two optional whitespace runs side by side backtrack quadratically on long lines.
const STRING = new RegExp(String.raw`^\s*${CONFIG}\s*(?:\(\s*)?(?:platform\s*\(\s*)?["']([^:"'\s]+):([^:"'\s]+):([^"'\s:@]+)[^"']*["']`);
const MAP = new RegExp(String.raw`^\s*${CONFIG}\s*(?:\(\s*)?group\s*:\s*["']([^"']+)["']\s*,\s*name\s*:\s*["']([^"']+)["']\s*,\s*version\s*:\s*["']([^"']+)["']`);

export function parseGradle(text: string): ParseResult {
  const deps: Dep[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n]!.replace(/\/\/.*$/, '');
    const m = STRING.exec(l) ?? MAP.exec(l);
    if (!m) continue;
    const [, config, group, artifact, version] = m;
    deps.push({ ecosystem: 'Maven', name: `${group}:${artifact}`, version: version!, direct: true, line: n + 1, dev: /^(test|androidTest)/.test(config!), source: 'registry' });
  }
  return { deps };
}
