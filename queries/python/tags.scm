; Definitions and references for the index and the repo map. Capture names follow tree-sitter's tags
; convention: @name is the identifier, @definition.<kind> / @reference.<kind> the node it belongs to.

(class_definition
  name: (identifier) @name) @definition.class

(function_definition
  name: (identifier) @name) @definition.function

(module
  (expression_statement
    (assignment
      left: (identifier) @name) @definition.constant))

(call
  function: [
    (identifier) @name
    (attribute attribute: (identifier) @name)
  ]) @reference.call

(class_definition
  superclasses: (argument_list
    [
      (identifier) @name
      (attribute attribute: (identifier) @name)
    ] @reference.class))

(import_from_statement
  name: [
    (dotted_name (identifier) @name)
    (aliased_import name: (dotted_name (identifier) @name))
  ] @reference.import)

(type (identifier) @name) @reference.type

(decorator
  [
    (identifier) @name
    (attribute attribute: (identifier) @name)
    (call function: [(identifier) @name (attribute attribute: (identifier) @name)])
  ]) @reference.call
