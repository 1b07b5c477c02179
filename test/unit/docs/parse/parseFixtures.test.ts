import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edges, parseFixture, symbol } from './parseTestSupport';

test('ts-sample: import graph equals the imports written in the fixture (cycle included)', async () => {
  const parsed = await parseFixture('ts-sample');
  const expected = [
    'src/app.ts -> src/config.ts',
    'src/app.ts -> src/models/index.ts',
    'src/app.ts -> src/services/orderService.ts',
    'src/app.ts -> src/services/storage/memoryStore.ts',
    'src/app.ts -> src/services/userService.ts',
    'src/cli/commands/listOrders.ts -> src/services/orderService.ts',
    'src/cli/commands/listOrders.ts -> src/util/format.ts',
    'src/cli/commands/report.ts -> src/app.ts',
    'src/cli/commands/report.ts -> src/util/dates.ts',
    'src/cli/main.ts -> src/app.ts',
    'src/cli/main.ts -> src/cli/commands/listOrders.ts',
    'src/cli/main.ts -> src/cli/commands/report.ts',
    'src/index.ts -> src/app.ts',
    'src/index.ts -> src/models/index.ts',
    'src/index.ts -> src/util/format.ts',
    'src/models/index.ts -> src/models/money.ts',
    'src/models/index.ts -> src/models/order.ts',
    'src/models/index.ts -> src/models/user.ts',
    'src/models/order.ts -> src/models/money.ts',
    'src/models/order.ts -> src/models/user.ts',
    'src/services/billing.ts -> src/models/index.ts',
    'src/services/billing.ts -> src/models/money.ts',
    'src/services/billing.ts -> src/services/orderService.ts',
    'src/services/billing.ts -> src/util/dates.ts',
    'src/services/billing.ts -> src/util/format.ts',
    'src/services/orderService.ts -> src/models/index.ts',
    'src/services/orderService.ts -> src/services/billing.ts',
    'src/services/orderService.ts -> src/services/storage/store.ts',
    'src/services/orderService.ts -> src/services/userService.ts',
    'src/services/orderService.ts -> src/util/ids.ts',
    'src/services/storage/fileStore.ts -> src/services/storage/store.ts',
    'src/services/storage/memoryStore.ts -> src/services/storage/store.ts',
    'src/services/userService.ts -> src/models/index.ts',
    'src/services/userService.ts -> src/services/storage/store.ts',
    'src/services/userService.ts -> src/util/ids.ts',
    'src/util/format.ts -> src/models/money.ts',
  ];
  assert.deepEqual(edges(parsed), expected);
  const fileStore = parsed.get('src/services/storage/fileStore.ts');
  assert.deepEqual(fileStore?.imports.filter((i) => !i.resolved).map((i) => i.specifier), ['node:fs', 'node:path']);
});

test('ts-sample: classes, methods, parameters, return types and existing doc comments', async () => {
  const parsed = await parseFixture('ts-sample');
  const order = parsed.get('src/models/order.ts');
  assert.equal(order?.lineCount, 44);
  const cls = symbol(order, 'Order');
  assert.deepEqual([cls.kind, cls.exported, cls.startLine, cls.endLine], ['class', true, 13, 44]);
  assert.match(cls.docComment ?? '', /An order placed by one user/);
  const addLine = symbol(order, 'Order.addLine');
  assert.deepEqual(addLine.parameters, [
    { name: 'sku', type: 'string' },
    { name: 'quantity', type: 'number' },
    { name: 'unitPrice', type: 'Money' },
  ]);
  assert.deepEqual([addLine.kind, addLine.container, addLine.returnType, addLine.returnsVoid, addLine.docComment], ['method', 'Order', 'void', true, undefined]);
  assert.equal(addLine.startColumn, 2);
  const subtotal = symbol(order, 'Order.subtotal');
  assert.deepEqual([subtotal.returnType, subtotal.returnsVoid], ['Money', false]);
  assert.match(subtotal.docComment ?? '', /@returns the subtotal/);
  assert.deepEqual(symbol(order, 'Order.cancel').parameters, [{ name: 'reason', type: 'string', optional: true }]);
  const ctor = symbol(order, 'Order.constructor');
  assert.deepEqual(ctor.parameters.map((p) => p.name), ['id', 'customer', 'currency']);
  assert.equal(ctor.returnsVoid, true);
  assert.equal(symbol(order, 'OrderStatus').kind, 'type');
  assert.equal(symbol(order, 'OrderLine').kind, 'interface');

  const report = parsed.get('src/cli/commands/report.ts');
  assert.equal(symbol(report, 'report').exported, true);
  assert.equal(symbol(report, 'renderText').exported, false, 'a function without export is not exported');
  const dates = parsed.get('src/util/dates.ts');
  const daysBetween = symbol(dates, 'daysBetween');
  assert.deepEqual([daysBetween.kind, daysBetween.returnType, daysBetween.exported], ['function', 'number', true], 'exported arrow functions are functions');
  const store = parsed.get('src/services/storage/fileStore.ts');
  assert.equal(symbol(store, 'FileStore.fileFor').exported, false, 'private methods are not exported');
  assert.equal(symbol(store, 'FileStore.get').exported, true);
  assert.deepEqual(symbol(store, 'FileStore.get').returnType, 'Promise<T | undefined>');
  assert.equal(symbol(store, 'FileStore.put').returnsVoid, true, 'Promise<void> needs no @returns');
  assert.equal(parsed.get('README.md')?.symbols.length, 0, 'non-code files are file level');
  assert.equal(parsed.get('README.md')?.lineCount, 4);
});

test('py-sample: import graph with relative, absolute and package imports (cycle included)', async () => {
  const parsed = await parseFixture('py-sample');
  assert.deepEqual(edges(parsed), [
    'inventory/__init__.py -> inventory/models/__init__.py',
    'inventory/__init__.py -> inventory/services/stock.py',
    'inventory/main.py -> inventory/config.py',
    'inventory/main.py -> inventory/models/item.py',
    'inventory/main.py -> inventory/models/warehouse.py',
    'inventory/main.py -> inventory/services/reports/summary.py',
    'inventory/main.py -> inventory/services/stock.py',
    'inventory/models/__init__.py -> inventory/models/item.py',
    'inventory/models/__init__.py -> inventory/models/warehouse.py',
    'inventory/models/warehouse.py -> inventory/models/item.py',
    'inventory/services/pricing.py -> inventory/services/stock.py',
    'inventory/services/pricing.py -> inventory/util/money.py',
    'inventory/services/reports/summary.py -> inventory/models/__init__.py',
    'inventory/services/reports/summary.py -> inventory/services/stock.py',
    'inventory/services/reports/summary.py -> inventory/util/text.py',
    'inventory/services/stock.py -> inventory/config.py',
    'inventory/services/stock.py -> inventory/models/item.py',
    'inventory/services/stock.py -> inventory/models/warehouse.py',
    'inventory/services/stock.py -> inventory/services/pricing.py',
  ]);
});

test('py-sample: functions, methods, type hints, docstrings and privacy', async () => {
  const parsed = await parseFixture('py-sample');
  const stock = parsed.get('inventory/services/stock.py');
  const ship = symbol(stock, 'StockService.ship');
  assert.deepEqual(ship.parameters, [
    { name: 'sku', type: 'str' },
    { name: 'quantity', type: 'int', optional: true },
  ]);
  assert.deepEqual([ship.returnType, ship.returnsVoid, ship.exported], ['int', false, true]);
  assert.match(ship.docComment ?? '', /Takes items out of stock/);
  assert.deepEqual([ship.headerLine, ship.bodyLine, ship.bodyColumn], [19, 20, 8]);
  const init = symbol(stock, 'StockService.__init__');
  assert.deepEqual(init.parameters.map((p) => p.name), ['warehouse', 'settings'], 'self is not a parameter');
  assert.equal(init.returnsVoid, true);
  assert.equal(symbol(stock, 'StockService.receive').returnsVoid, true, '-> None is void');
  assert.deepEqual(symbol(stock, 'StockService.total_value').parameters, [{ name: 'with_vat', type: 'bool', optional: true }], 'keyword-only marker skipped');
  const pricing = parsed.get('inventory/services/pricing.py');
  assert.deepEqual(symbol(pricing, 'price_list').parameters.map((p) => p.name), ['service', '*skus', '**options']);
  const summary = parsed.get('inventory/services/reports/summary.py');
  assert.equal(symbol(summary, '_is_priced').exported, false);
  const warehouse = parsed.get('inventory/models/warehouse.py');
  assert.equal(symbol(warehouse, 'Warehouse._debug_dump').exported, false);
  assert.equal(symbol(warehouse, 'StockError').kind, 'class');
  const item = parsed.get('inventory/models/item.py');
  const cls = symbol(item, 'Item');
  assert.equal(cls.startLine, 5, 'a decorated class starts at its decorator');
  assert.equal(cls.headerLine, 6);
  assert.match(cls.docComment ?? '', /A thing that can be stocked/);
  const money = parsed.get('inventory/util/money.py');
  assert.equal(symbol(money, 'convert').returnType, 'int');
  const config = parsed.get('inventory/config.py');
  assert.equal(symbol(config, 'load_settings').parameters[0].name, 'env');
  const pkg = parsed.get('inventory/__init__.py');
  assert.deepEqual(pkg?.symbols, [], '__init__ re-exports define no symbols');
});
