; Definitions and references (tree-sitter tags convention: @name + @definition.<kind> / @reference.<kind>).

(function_declaration
  name: (identifier) @name) @definition.function

(method_declaration
  name: (field_identifier) @name) @definition.method

(type_declaration
  (type_spec
    name: (type_identifier) @name
    type: [(struct_type) (interface_type)] @kind)) @definition.class

(type_declaration
  (type_spec
    name: (type_identifier) @name
    type: [(type_identifier) (qualified_type) (function_type) (map_type) (slice_type) (pointer_type) (channel_type) (array_type) (generic_type)])) @definition.type

(source_file
  (const_declaration
    (const_spec
      name: (identifier) @name)) @definition.constant)

(source_file
  (var_declaration
    (var_spec
      name: (identifier) @name)) @definition.constant)

(call_expression
  function: [
    (identifier) @name
    (selector_expression field: (field_identifier) @name)
  ]) @reference.call

(type_identifier) @name @reference.type

(qualified_type name: (type_identifier) @name) @reference.type
