/** Every command Docsmith contributes, in one place. `test/contract` checks these against package.json and PRODUCT.md. */
export const CommandId = {
  generateDocs: 'docsmith.generateDocs',
  generateFileDocs: 'docsmith.generateFileDocs',
  addDocComments: 'docsmith.addDocComments',
  selectModel: 'docsmith.selectModel',
  selectProvider: 'docsmith.selectProvider',
  setApiKey: 'docsmith.setApiKey',
  clearApiKey: 'docsmith.clearApiKey',
  showCost: 'docsmith.showCost',
  resetSessionCost: 'docsmith.resetSessionCost',
  refreshModels: 'docsmith.refreshModels',
  updateStaleDocs: 'docsmith.updateStaleDocs',
  openDocs: 'docsmith.openDocs',
  /** Context actions of the Docsmith Docs view's items (hidden from the palette). */
  regeneratePage: 'docsmith.docs.regeneratePage',
  openPageSource: 'docsmith.docs.openSource',
  writeGuide: 'docsmith.writeGuide',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/**
 * Commands that are buttons of a Docsmith view, not commands a user runs: contributed (a menu
 * needs a command) but hidden from the Command Palette, so the palette holds exactly the
 * commands above. `test/contract` checks that they stay hidden.
 */
export const InternalCommandId = {
  applyDocComments: 'docsmith.applyDocComments',
  discardDocComments: 'docsmith.discardDocComments',
} as const;

export type InternalCommandId = (typeof InternalCommandId)[keyof typeof InternalCommandId];
