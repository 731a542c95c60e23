/**
 * Test support for the privacy audit: statistical testers and deliberately broken mechanisms.
 * NOT exported from `src/dp/index.ts`; import it only from tests and `scripts/audit-privacy.ts`.
 */
export * from "./broken";
export * from "./dp-tester";
export * from "./ks";
export * from "./ledger";
export * from "./model-audit";
export * from "./model-targets";
export * from "./run-model-audit";
