// Bundles src/main.js and the CodeMirror packages into dist/editor.js, the
// one script `huibao serve` embeds. Run `npm ci && npm run build` after
// changing src/ or the dependencies, and commit dist/editor.js.
import { build } from "esbuild";

await build({
  entryPoints: ["src/main.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "eof",
  outfile: "dist/editor.js",
  logLevel: "info",
});
