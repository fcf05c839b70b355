// The predefined-variable table lives in ./variables/ (one file per family); this module keeps the
// import path every layer already uses.
export * from './variables/index.js';
export { checkOverrides, parseOverride, overridableNames, valueFromText } from './variables/overrides.js';
