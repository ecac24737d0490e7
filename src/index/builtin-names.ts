/**
 * Names every program uses that belong to the language, not the repository: a call to `len` or `super`
 * says nothing about which of the repository's files matter, and resolving it to a method the repository
 * happens to call `super` would mislead the repo map.
 */
export const BUILTIN_NAMES: ReadonlySet<string> = new Set(
  [
    // Python
    'abs all any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex delattr dict dir',
    'divmod enumerate eval exec filter float format frozenset getattr globals hasattr hash help hex id input int',
    'isinstance issubclass iter len list locals map max memoryview min next object oct open ord pow print property',
    'range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip __import__',
    'Exception ValueError TypeError KeyError IndexError AttributeError RuntimeError NotImplementedError',
    'NotImplemented ImportError OSError StopIteration AssertionError LookupError',
    // JavaScript / TypeScript
    'Array Object String Number Boolean Symbol BigInt Promise Error TypeError RangeError Map Set WeakMap WeakSet',
    'JSON Math Date RegExp console require parseInt parseFloat isNaN setTimeout clearTimeout setInterval',
    'clearInterval fetch Buffer Record Partial Readonly Pick Omit ReturnType Awaited Uint8Array Function',
    'push pop shift unshift slice splice map filter reduce forEach find some every includes indexOf join split',
    'then catch finally resolve reject keys values entries assign freeze toString valueOf replace trim has get',
    'append extend update items pop copy add remove clear format startswith endswith lower upper strip',
    // Go
    'make new cap close delete copy panic recover println error Println Printf Sprintf Errorf',
    // Rust
    'Some None Ok Err Vec Box Rc Arc Option Result Self clone unwrap expect into from iter collect to_string',
    'format write writeln vec assert assert_eq assert_ne debug_assert matches todo unimplemented unreachable',
    // Java
    'Integer Long Double Float Character Override List ArrayList HashMap equals hashCode size',
  ]
    .join(' ')
    .split(' '),
);
