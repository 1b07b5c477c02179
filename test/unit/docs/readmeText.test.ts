import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readmeProse } from '../../../src/core/docs/readmeText';
import { boundReadme } from '../../../src/core/docs/projectContext';

/** The opening of a README as npm packages ship it: a sponsor table, a centred logo, badges and a table of contents before the prose. */
const MARKUP_FIRST = [
  '<h3 align="center"> 🥇 Gold sponsors <br> </h3> <table align="center" width="100%"><tr><td align="center">',
  '<a href="https://sponsor.example/?utm_source&#x3D;oss"><picture><source srcset="https://x/logo_white.png"><img src="https://x/logo.png" alt="Sponsor"/></picture></a>',
  '<p align="center" title="Fraud prevention">Fraud prevention for everyone, buy now</p>',
  '</td></tr></table>',
  '',
  '<div align="center">',
  '   <a href="https://widgets.dev"><img src="https://widgets.dev/logo.svg" /></a><br>',
  '</div>',
  '',
  '<p align="center">Promise based widget client for the browser &amp; node.js</p>',
  '',
  '[![NPM Version][npm-image]][npm-url] [![Build](https://ci/badge.svg)](https://ci)',
  '<!-- a comment for maintainers -->',
  '',
  '',
  '',
  '## Table of Contents',
  '  - [Features](#features)',
  '  - [Installing](#installing)',
  '',
  '## Features',
  '- Make [requests](https://widgets.dev/docs/requests) from the browser, see the [guide][guide-url]',
  '',
  '```html',
  '<script src="https://cdn.example/widgets.min.js"></script>',
  '```',
  '',
  '[guide-url]: https://widgets.dev/guide',
  '[npm-image]: https://img.shields.io/npm/v/widgets.svg',
].join('\n');

test('a README loses its markup and keeps its prose: tables, pictures, tags, badges, link targets and its own table of contents (and its heading) go; code blocks stay as written', () => {
  const prose = readmeProse(MARKUP_FIRST);
  assert.equal(
    prose,
    [
      '🥇 Gold sponsors',
      '',
      'Promise based widget client for the browser & node.js',
      '',
      '## Features',
      '- Make requests from the browser, see the guide',
      '',
      '```html',
      '<script src="https://cdn.example/widgets.min.js"></script>',
      '```',
    ].join('\n'),
  );
});

test('the README excerpt is bounded after the clean-up, so the markup does not use up the bound', () => {
  const prose = Array.from({ length: 200 }, (_, i) => `Widgets line ${i} explains one more thing about widgets.`);
  const sponsors = Array.from({ length: 40 }, (_, i) => `<td><a href="https://s${i}.example/?utm_source=widgets"><img src="https://s${i}.example/logo.png" alt="S${i}"/></a></td>`);
  const readme = ['<table>', ...sponsors, '</table>', '', '# Widgets', '', ...prose].join('\n');
  assert.ok(readme.indexOf('# Widgets') > 4000, 'the raw markup alone is longer than the bound');
  const bounded = boundReadme(readme, 4000);
  assert.ok(bounded.text.startsWith('# Widgets\n\nWidgets line 0 explains'), bounded.text.slice(0, 80));
  assert.ok(bounded.text.length > 3900 && bounded.text.length <= 4000, `${bounded.text.length}`);
  assert.ok(bounded.cut);
});

test('install-only code blocks go with the paragraph that leads into them; other commands, their lead-ins and a heading with content stay', () => {
  const readme = [
    '# Widgets',
    '',
    '## Installing',
    '',
    '### Package manager',
    '',
    'Using npm:',
    '',
    '```bash',
    '$ npm install widgets',
    '```',
    '',
    'Installation is done using the',
    '`yarn add` command:',
    '',
    '```console',
    'yarn add widgets',
    'pip install widgets',
    '```',
    '',
    '## Usage',
    '',
    'Start the server:',
    '',
    '```console',
    '$ npm install',
    '$ npm start',
    '```',
    '',
    '## Empty',
    '### Nothing here either',
    '## Last',
    'Widgets end here.',
  ].join('\n');
  assert.equal(
    readmeProse(readme),
    ['# Widgets', '', '## Usage', '', 'Start the server:', '', '```console', '$ npm install', '$ npm start', '```', '', '## Last', 'Widgets end here.'].join('\n'),
  );
});
