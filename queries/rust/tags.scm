; Definitions and references (tree-sitter tags convention: @name + @definition.<kind> / @reference.<kind>).

(function_item
  name: (identifier) @name) @definition.function

(function_signature_item
  name: (identifier) @name) @definition.function

(struct_item
  name: (type_identifier) @name) @definition.class

(enum_item
  name: (type_identifier) @name) @definition.enum

(union_item
  name: (type_identifier) @name) @definition.class

(trait_item
  name: (type_identifier) @name) @definition.interface

(type_item
  name: (type_identifier) @name) @definition.type

(mod_item
  name: (identifier) @name) @definition.module

(macro_definition
  name: (identifier) @name) @definition.macro

(const_item
  name: (identifier) @name) @definition.constant

(static_item
  name: (identifier) @name) @definition.constant

; impl blocks hold methods: recorded as containers, not as symbols of their own
(impl_item
  type: [
    (type_identifier) @name
    (generic_type type: (type_identifier) @name)
  ]) @definition.impl

(call_expression
  function: [
    (identifier) @name
    (field_expression field: (field_identifier) @name)
    (scoped_identifier name: (identifier) @name)
  ]) @reference.call

(macro_invocation
  macro: (identifier) @name) @reference.call

(impl_item
  trait: (type_identifier) @name) @reference.class

(type_identifier) @name @reference.type

(use_declaration
  argument: [
    (scoped_identifier name: (identifier) @name)
    (use_as_clause path: (scoped_identifier name: (identifier) @name))
  ]) @reference.import

(scoped_use_list
  list: (use_list (identifier) @name)) @reference.import
