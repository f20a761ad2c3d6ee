/*
 * Cockpit's configuration (replaces the one in Camunda's webjar, where everything is commented out):
 * the CPOR plugin "CPOR claims", claim analytics for process analysts (scripts/cpor-claims.js).
 */
export default {
  customScripts: ['scripts/cpor-claims.js']
};
