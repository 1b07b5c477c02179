/**
 * Language keywords, built-in types and standard-library names that a page may mention in inline
 * code without them being workspace symbols. Identifier grounding ignores these (DOC-QUALITY.md).
 */

const NAMES = `
true false null undefined NaN Infinity this self super cls None True False nil
const let var function class interface type enum namespace module import export default from as
async await return yield new delete typeof instanceof in of if else for while do switch case break
continue throw try catch finally extends implements public private protected static readonly abstract
declare keyof infer satisfies get set constructor prototype arguments
string number boolean bigint symbol object void any unknown never
String Number Boolean BigInt Symbol Object Function Array Map Set WeakMap WeakSet Promise Error
TypeError RangeError SyntaxError RegExp Date JSON Math Reflect Proxy Intl Buffer URL URLSearchParams
AbortController AbortSignal EventEmitter ReadonlyArray ReadonlyMap ReadonlySet Record Partial Required
Readonly Pick Omit Exclude Extract NonNullable ReturnType Parameters Awaited Iterable Iterator
AsyncIterable Uint8Array ArrayBuffer TextEncoder TextDecoder Intl globalThis
console process require exports window document fetch setTimeout clearTimeout setInterval
clearInterval setImmediate queueMicrotask structuredClone
length push pop shift map filter reduce forEach find some every includes keys values entries
toString valueOf then resolve reject all race has add log error warn info debug
def lambda pass raise except with assert global nonlocal elif is not and or del print len range
int str float bool bytes dict list tuple frozenset complex object isinstance issubclass hasattr
getattr setattr open enumerate zip sorted reversed sum min max abs iter next repr format
Optional List Dict Tuple Set Any Union Callable Iterable Sequence Mapping TypeVar Generic Protocol
ClassVar Final Literal dataclass dataclasses field property staticmethod classmethod abstractmethod
Exception ValueError KeyError IndexError RuntimeError NotImplementedError StopIteration OSError
IOError AttributeError __init__ __name__ __main__ __all__ __file__ __repr__ __str__ __eq__ __call__
os sys re json typing pathlib logging asyncio collections functools itertools datetime time math
abc enum uuid hashlib subprocess shutil tempfile unittest pytest
func package go chan defer select struct map make fmt errors context
fn impl trait pub mut ref crate mod use match loop where Self Box Vec Option Result Some Ok Err
Rc Arc String usize isize u8 u16 u32 u64 i8 i16 i32 i64 f32 f64 char str
void int long short byte double float char boolean final synchronized throws
Override Deprecated System Console Task Task<T> IEnumerable IList List<T> Dictionary var
npm node yarn pnpm tsc git README LICENSE
`;

const WELL_KNOWN = new Set(NAMES.split(/\s+/).filter(Boolean));

/** True for keywords, built-ins and standard-library names of the languages Docsmith reads. */
export function isWellKnownName(name: string): boolean {
  return WELL_KNOWN.has(name);
}
