; Definitions and references (tree-sitter tags convention: @name + @definition.<kind> / @reference.<kind>).

(function_declaration
  name: (identifier) @name) @definition.function

(generator_function_declaration
  name: (identifier) @name) @definition.function

(class_declaration
  name: (identifier) @name) @definition.class

(method_definition
  name: [(property_identifier) (private_property_identifier)] @name) @definition.method

(lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function) (function_expression)])) @definition.function

(variable_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function) (function_expression)])) @definition.function

(program
  (lexical_declaration
    (variable_declarator
      name: (identifier) @name)) @definition.constant)

(program
  (export_statement
    (lexical_declaration
      (variable_declarator
        name: (identifier) @name)) @definition.constant))

(assignment_expression
  left: (member_expression
    property: (property_identifier) @name)
  right: [(arrow_function) (function_expression)]) @definition.function

(call_expression
  function: [
    (identifier) @name
    (member_expression property: (property_identifier) @name)
  ]) @reference.call

(new_expression
  constructor: [
    (identifier) @name
    (member_expression property: (property_identifier) @name)
  ]) @reference.class

(class_heritage (identifier) @name) @reference.class

(import_specifier name: (identifier) @name) @reference.import

(import_clause (identifier) @name) @reference.import

(jsx_opening_element name: (identifier) @name) @reference.class

(jsx_self_closing_element name: (identifier) @name) @reference.class
