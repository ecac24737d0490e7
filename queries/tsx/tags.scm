; inherits: typescript
; TSX adds JSX elements, which name the components they use.

(jsx_opening_element name: (identifier) @name) @reference.class

(jsx_self_closing_element name: (identifier) @name) @reference.class
