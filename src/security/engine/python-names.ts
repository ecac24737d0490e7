/**
 * What Python itself defines, kept as data (issue 59, round 7): the judgement that a name nothing binds raises
 * NameError (`unbound-names.ts`) stands only where nothing out of the file's sight can add names, and these
 * lists say what a standard Python has.
 */

/**
 * The standard library's top-level modules: `sys.stdlib_module_names` of CPython 3.11.7 (Debian's python3.11,
 * read on 2026-11-27; 305 names, every platform's, C modules and packages). Importing one runs the
 * standard library's code, which writes nothing into `builtins` except where `STDLIB_OUT_OF_SIGHT` says.
 */
export const STDLIB_MODULES: ReadonlySet<string> = new Set(
  (
    '__future__ _abc _aix_support _ast _asyncio _bisect _blake2 _bootsubprocess _bz2 _codecs _codecs_cn ' +
    '_codecs_hk _codecs_iso2022 _codecs_jp _codecs_kr _codecs_tw _collections _collections_abc _compat_pickle ' +
    '_compression _contextvars _crypt _csv _ctypes _curses _curses_panel _datetime _dbm _decimal _elementtree ' +
    '_frozen_importlib _frozen_importlib_external _functools _gdbm _hashlib _heapq _imp _io _json _locale _lsprof ' +
    '_lzma _markupbase _md5 _msi _multibytecodec _multiprocessing _opcode _operator _osx_support _overlapped ' +
    '_pickle _posixshmem _posixsubprocess _py_abc _pydecimal _pyio _queue _random _scproxy _sha1 _sha256 _sha3 ' +
    '_sha512 _signal _sitebuiltins _socket _sqlite3 _sre _ssl _stat _statistics _string _strptime _struct ' +
    '_symtable _thread _threading_local _tkinter _tokenize _tracemalloc _typing _uuid _warnings _weakref ' +
    '_weakrefset _winapi _zoneinfo abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit ' +
    'audioop base64 bdb binascii bisect builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs ' +
    'codeop collections colorsys compileall concurrent configparser contextlib contextvars copy copyreg crypt csv ' +
    'ctypes curses dataclasses datetime dbm decimal difflib dis distutils doctest email encodings ensurepip enum ' +
    'errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass ' +
    'gettext glob graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr imp importlib inspect io ' +
    'ipaddress itertools json keyword lib2to3 linecache locale logging lzma mailbox mailcap marshal math ' +
    'mimetypes mmap modulefinder msilib msvcrt multiprocessing netrc nis nntplib nt ntpath nturl2path numbers ' +
    'opcode operator optparse os ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib ' +
    'poplib posix posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri ' +
    'random re readline reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil ' +
    'signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl ' +
    'stat statistics string stringprep struct subprocess sunau symtable sys sysconfig syslog tabnanny tarfile ' +
    'telnetlib tempfile termios textwrap this threading time timeit tkinter token tokenize tomllib trace ' +
    'traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid venv warnings ' +
    'wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo'
  ).split(' '),
);

/**
 * Standard modules that can add names out of the file's sight, so a file importing one has its names
 * unjudged: `site` writes `builtins` (`exit`, `help`…) and `gettext.install()` writes `_`, `gettext`,
 * `ngettext`… (the only writes to `builtins` in 3.11's library outside tests, `doctest`'s `_` aside);
 * `importlib`, `imp`, `runpy`, `pkgutil`, `zipimport` import or run modules named at run time; `code`,
 * `codeop` compile and run source; `ctypes` writes anywhere; `idlelib` is IDLE's shell. Private modules
 * (`_imp`, `_ctypes`, `_sitebuiltins`…) are not judged either.
 */
export const STDLIB_OUT_OF_SIGHT: ReadonlySet<string> = new Set(
  'builtins site gettext importlib imp runpy pkgutil zipimport code codeop ctypes idlelib'.split(' '),
);

/**
 * Python's built-in names: `dir(builtins)` of CPython 3.11.7 (exception classes are matched by their suffix
 * where they are used, so only `BaseExceptionGroup`, `ExceptionGroup`, `BaseException` and the few without
 * one are listed), and names a checker or a method's first parameter spell (`reveal_type`, `self`, `cls`).
 */
export const BUILTIN_NAMES: ReadonlySet<string> = new Set(
  (
    'abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex ' +
    'copyright credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr ' +
    'globals hasattr hash help hex id input int isinstance issubclass iter len license list locals map max ' +
    'memoryview min next object oct open ord pow print property quit range repr reversed round set setattr ' +
    'slice sorted staticmethod str sum super tuple type vars zip __import__ BaseException BaseExceptionGroup ' +
    'ExceptionGroup KeyboardInterrupt StopIteration StopAsyncIteration SystemExit GeneratorExit NotImplemented ' +
    'Ellipsis reveal_type self cls'
  ).split(' '),
);
