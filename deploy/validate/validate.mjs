// Validates Kubernetes manifests offline, each document two ways:
//  1. against its kind's OpenAPI schema (kubernetes-models; the Prometheus Operator's CRD schemas from
//     @kubernetes-models/prometheus-operator): types, required fields, enums, formats, patterns;
//  2. since those schemas allow unknown fields, against the same models' TypeScript types with the
//     compiler's excess-property check, which rejects a misspelt or misplaced field at any depth.
// A kind it has no model for is an error, so nothing passes unchecked; kustomization.yaml files are
// not API objects and are skipped (tests/Host.Tests/Deploy checks what they list).
// Usage: node validate.mjs DIR_OR_FILE...   (exit 0: every document valid)
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));

const models = {
  "v1/Namespace": "kubernetes-models/v1/Namespace",
  "v1/ConfigMap": "kubernetes-models/v1/ConfigMap",
  "v1/Service": "kubernetes-models/v1/Service",
  "v1/PersistentVolumeClaim": "kubernetes-models/v1/PersistentVolumeClaim",
  "apps/v1/Deployment": "kubernetes-models/apps/v1/Deployment",
  "policy/v1/PodDisruptionBudget": "kubernetes-models/policy/v1/PodDisruptionBudget",
  "autoscaling/v2/HorizontalPodAutoscaler": "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler",
  "monitoring.coreos.com/v1/ServiceMonitor": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor",
  "monitoring.coreos.com/v1/PrometheusRule": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule",
};

function yamlFiles(target) {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(target, f));
}

function documents(files) {
  const found = [];
  for (const file of files) {
    for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors.map((e) => e.message).join("; ")}`);
      const data = document.toJS();
      if (data === null || data === undefined) continue;
      found.push({ file, data });
    }
  }
  return found;
}

async function schemaErrors(doc, module) {
  const kind = doc.data.kind;
  const Model = (await import(module))[kind];
  try {
    new Model(doc.data).validate();
    return [];
  } catch (error) {
    return [error.message];
  }
}

// One typed constant per document; a line map turns the compiler's line numbers back into documents.
function typeErrors(docs) {
  const lines = [];
  const owner = [];
  docs.forEach((doc, index) => {
    const name = `I${doc.data.kind}`;
    lines.push(`import type { ${name} as T${index} } from "${models[doc.key]}";`);
    owner.push(null);
  });
  docs.forEach((doc, index) => {
    for (const line of `export const doc${index}: T${index} = ${JSON.stringify(doc.data, null, 2)};`.split("\n")) {
      lines.push(line);
      owner.push(doc);
    }
  });
  const directory = path.join(here, "node_modules", ".rspipeline-check");
  mkdirSync(directory, { recursive: true });
  const source = path.join(directory, "manifests.ts");
  writeFileSync(source, lines.join("\n") + "\n");
  const tsc = path.join(here, "node_modules", "typescript", "bin", "tsc");
  try {
    execFileSync(process.execPath, [tsc, "--noEmit", "--strict", "--skipLibCheck", "--target", "es2022", "--module", "esnext",
      "--moduleResolution", "bundler", "--pretty", "false", source], { encoding: "utf8" });
    return [];
  } catch (error) {
    return String(error.stdout).split("\n").filter((l) => l.includes("error TS")).map((l) => {
      const match = /\((\d+),\d+\): (.*)$/.exec(l);
      const doc = match ? owner[Number(match[1]) - 1] : null;
      return doc ? `${describe(doc)}: ${match[2]}` : l;
    });
  }
}

function describe(doc) {
  return `${path.relative(process.cwd(), doc.file)} (${doc.data.kind} ${doc.data.metadata?.name ?? "?"})`;
}

const targets = process.argv.slice(2);
if (targets.length === 0) {
  console.error("usage: node validate.mjs DIR_OR_FILE...");
  process.exit(2);
}

const problems = [];
const checked = [];
for (const doc of documents(targets.flatMap(yamlFiles))) {
  if (String(doc.data.apiVersion).startsWith("kustomize.config.k8s.io/")) continue;
  doc.key = `${doc.data.apiVersion}/${doc.data.kind}`;
  if (!models[doc.key]) {
    problems.push(`${describe(doc)}: no schema for ${doc.key} in this validator; add its model to validate.mjs`);
    continue;
  }
  problems.push(...(await schemaErrors(doc, models[doc.key])).map((e) => `${describe(doc)}: ${e}`));
  checked.push(doc);
}
problems.push(...typeErrors(checked));

for (const problem of problems) console.error(problem);
console.log(`${checked.length} documents checked, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
