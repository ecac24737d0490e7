import type { LanguageId } from '../../core/languages.js';

/**
 * Keywords survive normalisation (they are the shape of the code); every other identifier becomes one
 * symbol. Kept per language family so `self`, `this`, `len` or `print` are treated as names, which a copy
 * can rename, while `def`, `for`, `return` cannot change without changing the program.
 */
const PYTHON = `False None True and as assert async await break class continue def del elif else except finally
for from global if import in is lambda nonlocal not or pass raise return try while with yield match case`;

const JAVASCRIPT = `break case catch class const continue debugger default delete do else export extends finally for
function if import in instanceof let new return super switch this throw try typeof var void while with yield
async await of static get set null undefined true false enum interface type implements private protected
public readonly abstract declare namespace keyof as satisfies infer is`;

const GO = `break case chan const continue default defer else fallthrough for func go goto if import interface
map package range return select struct switch type var nil true false`;

const JAVA = `abstract assert boolean break byte case catch char class const continue default do double else enum
extends final finally float for goto if implements import instanceof int interface long native new package
private protected public return short static strictfp super switch synchronized this throw throws transient
try void volatile while var record yield null true false`;

const RUST = `as async await break const continue crate dyn else enum extern false fn for if impl in let loop
match mod move mut pub ref return self Self static struct super trait true type unsafe use where while`;

const C = `auto break case char const continue default do double else enum extern float for goto if inline int
long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile
while bool true false nullptr class namespace template typename public private protected virtual override new
delete this using operator friend try catch throw const_cast static_cast dynamic_cast reinterpret_cast`;

const CSHARP = `abstract as base bool break byte case catch char checked class const continue decimal default
delegate do double else enum event explicit extern false finally fixed float for foreach goto if implicit in
int interface internal is lock long namespace new null object operator out override params private protected
public readonly ref return sbyte sealed short sizeof stackalloc static string struct switch this throw true
try typeof uint ulong unchecked unsafe ushort using virtual void volatile while var async await`;

const RUBY = `BEGIN END alias and begin break case class def defined? do else elsif end ensure false for if in
module next nil not or redo rescue retry return self super then true undef unless until when while yield`;

const PHP = `abstract and array as break callable case catch class clone const continue declare default do echo
else elseif empty enddeclare endfor endforeach endif endswitch endwhile extends final finally fn for foreach
function global goto if implements include instanceof insteadof interface isset list match namespace new or
print private protected public readonly require return static switch throw trait try unset use var while yield`;

const KOTLIN = `as break class continue do else false for fun if in interface is null object package return super
this throw true try typealias typeof val var when while`;

const SWIFT = `associatedtype class deinit enum extension fileprivate func import init inout internal let open
operator private protocol public rethrows static struct subscript typealias var break case continue default
defer do else fallthrough for guard if in repeat return switch where while as catch false is nil super self
throw throws true try`;

const SCALA = `abstract case catch class def do else extends false final finally for forSome if implicit import
lazy match new null object override package private protected return sealed super this throw trait try true
type val var while with yield`;

const LUA = `and break do else elseif end false for function goto if in local nil not or repeat return then true until while`;

const BASH = `if then else elif fi case esac for select while until do done in function time coproc`;

function set(words: string): ReadonlySet<string> {
  return new Set(words.split(/\s+/).filter((word) => word.length > 0));
}

const SETS: Record<LanguageId, ReadonlySet<string>> = {
  python: set(PYTHON),
  javascript: set(JAVASCRIPT),
  typescript: set(JAVASCRIPT),
  tsx: set(JAVASCRIPT),
  go: set(GO),
  java: set(JAVA),
  rust: set(RUST),
  c: set(C),
  cpp: set(C),
  csharp: set(CSHARP),
  ruby: set(RUBY),
  php: set(PHP),
  kotlin: set(KOTLIN),
  swift: set(SWIFT),
  scala: set(SCALA),
  lua: set(LUA),
  bash: set(BASH),
};

export function keywordsFor(language: LanguageId): ReadonlySet<string> {
  return SETS[language];
}

/** Keywords a formatter or a trivial edit swaps freely, folded into one (`let`/`const`/`var`). */
export const KEYWORD_ALIASES: Record<string, string> = { let: 'var', const: 'var', val: 'var' };
