/** The CLI's version (SARIF's tool.driver.version); test/unit/cliPackage.test.ts checks it matches package.json. */
export const TOOL_VERSION = '0.1.0';
