import { test } from 'node:test';
import assert from 'node:assert/strict';
import { licenceHeader } from '../../../src/core/docs/licenceHeader';
import { numberedFileSource } from '../../../src/core/docs/prompts';

const EXPRESS_STYLE = ['/*!', ' * express', ' * Copyright(c) 2009-2013 TJ Holowaychuk', ' * MIT Licensed', ' */', '', "'use strict';", '', 'module.exports = createApplication;'].join('\n');

test("a file page prompt leaves out the file's licence header; the lines after it keep their numbers", () => {
  assert.equal(numberedFileSource(EXPRESS_STYLE, 1), "7 'use strict';\n\n9 module.exports = createApplication;");
  const python = ['#!/usr/bin/env python3', '# SPDX-License-Identifier: Apache-2.0', '# Copyright 2024 Example', 'import os', 'def main():', '    pass'].join('\n');
  assert.equal(numberedFileSource(python, 1), '1 #!/usr/bin/env python3\n4 import os\n5 def main():\n6    pass', 'the shebang stays');
  assert.match(numberedFileSource(EXPRESS_STYLE.split('\n').slice(2).join('\n'), 3), /^3 \* Copyright[^\n]*\n4 \* MIT Licensed/, 'lines that do not start the file (a later part, a selection) are shown as they are');
});

test('only a comment that names a copyright or licence is a licence header; a doc comment about the code stays', () => {
  const lines = (text: string): string[] => text.split('\n');
  assert.deepEqual(licenceHeader(lines(EXPRESS_STYLE)), { from: 0, to: 6 });
  assert.deepEqual(licenceHeader(lines('// Copyright 2020 Acme Inc.\n// Use of this source code is governed by a BSD-style license.\npackage main')), { from: 0, to: 2 });
  assert.equal(licenceHeader(lines('/**\n * Parses the license field of a package.json.\n */\nexport function parseLicense() {}')), undefined);
  assert.equal(licenceHeader(lines('// Computes f(c) for every c.\nexport const f = (c) => c;')), undefined);
  assert.equal(licenceHeader(lines("'use strict';\n/* Copyright later in the file */")), undefined, 'a header starts the file');
  assert.equal(licenceHeader(lines('/* Copyright 2020 Acme, never closed\nconst x = 1;')), undefined, 'an unclosed comment is not taken');
});
