import { fileBindings } from './file-bindings.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';

/**
 * Flask's `request` has a closed set of attributes: reading one it does not have (`request.contents`,
 * `request.get(…)`) raises AttributeError, so no data comes of it (issue 59, round 6). The names are those
 * of Flask 3.1's request (every public attribute of a request in a test request context) and of earlier
 * Flask and Werkzeug releases (`is_xhr`, `charset`, `url_charset`, `encoding_errors`, `module`,
 * `disable_data_descriptor`). A file that may give the request more attributes is not judged: one that
 * sets a request class of its own (`request_class`), calls `setattr`, or assigns the attribute itself
 * (`request.user = …`, which the request proxy allows).
 */
const FLASK_REQUEST = new Set(
  (
    'accept_charsets accept_encodings accept_languages accept_mimetypes access_control_request_headers ' +
    'access_control_request_method access_route application args authorization base_url blueprint blueprints ' +
    'cache_control close content_encoding content_length content_md5 content_type cookies data date ' +
    'dict_storage_class endpoint environ files form form_data_parser_class from_values full_path get_data ' +
    'get_json headers host host_url if_match if_modified_since if_none_match if_range if_unmodified_since ' +
    'input_stream is_json is_multiprocess is_multithread is_run_once is_secure json json_module ' +
    'list_storage_class make_form_data_parser max_content_length max_form_memory_size max_form_parts ' +
    'max_forwards method mimetype mimetype_params on_json_loading_failed origin parameter_storage_class path ' +
    'pragma query_string range referrer remote_addr remote_user root_path root_url routing_exception scheme ' +
    'script_root server shallow stream trusted_hosts url url_root url_rule user_agent user_agent_class values ' +
    'view_args want_form_data_parsed ' +
    // earlier Flask and Werkzeug releases
    'is_xhr charset url_charset encoding_errors module disable_data_descriptor'
  ).split(' '),
);

/**
 * The public attributes of `ssl.SSLContext` in CPython 3.6–3.13 (each release's `dir()`, checked; the union), for
 * a context the ssl module made (issue 59, w215). Models give it pyOpenSSL's names (`set_session_cache_mode`,
 * `set_verify`, `set_options`, `use_certificate_file`): the call raises AttributeError, so the statements after
 * it never run (a `verify_mode = CERT_NONE` after it turns nothing off) and the function returns no context.
 */
const SSL_CONTEXT = new Set(
  (
    'cert_store_stats check_hostname get_ca_certs get_ciphers hostname_checks_common_name keylog_filename ' +
    'load_cert_chain load_default_certs load_dh_params load_verify_locations maximum_version minimum_version ' +
    'num_tickets options post_handshake_auth protocol security_level session_stats set_alpn_protocols ' +
    'set_ciphers set_default_verify_paths set_ecdh_curve set_npn_protocols set_psk_client_callback ' +
    'set_psk_server_callback set_servername_callback sni_callback sslobject_class sslsocket_class verify_flags ' +
    'verify_mode wrap_bio wrap_socket'
  ).split(' '),
);
/** The paths calls.ts gives a context the ssl module makes (tls-contexts.ts: `SERVER_CONTEXT` for a server's). */
const SSL_CONTEXT_PATHS = new Set([
  'ssl.SSLContext()',
  'ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)',
  'ssl.create_default_context()',
  'ssl._create_unverified_context()',
  'ssl._create_stdlib_context()',
  'ssl._create_default_https_context()',
]);
/** A file that binds one of the ssl module's context makers again (`ssl.SSLContext = Mine`) is not judged. */
const SSL_MAKER_BOUND =
  /\b(?:SSLContext|create_default_context|_create_unverified_context|_create_stdlib_context|_create_default_https_context)\s*(?::[^=\n]*)?=(?!=)/;

/**
 * Whether reading `property` of the value named `objectPath` raises AttributeError (Flask's request, or a
 * context the ssl module made), in the file of `at` (its text `text`): not when the file names `request_class`
 * (for the request) or binds a context maker again (for a context), may set attributes unwritten
 * (`setattr`, `exec`, `globals()`: `fileBindings`' dynamic forms) or assigns an attribute of that name anywhere
 * (`request.contents = …`; a string saying so is no assignment).
 */
export function missingAttribute({
  text,
  at,
  objectPath,
  property,
}: {
  text: string;
  at: SyntaxNode;
  objectPath: string | undefined;
  property: string;
}): boolean {
  if (!property || property.startsWith('_')) return false;
  if (objectPath === 'flask.request') {
    if (FLASK_REQUEST.has(property) || /\brequest_class\b/.test(text)) return false;
  } else if (SSL_CONTEXT_PATHS.has(objectPath ?? '')) {
    if (SSL_CONTEXT.has(property) || SSL_MAKER_BOUND.test(text)) return false;
  } else return false;
  const file = fileBindings(at);
  if (file.attributes.has(property)) return false;
  if (!file.dynamic) return true;
  // `eval(request.contents)`: the read raises before the call it is inside runs; any other call of
  // eval/exec/compile may have set the attribute (review r19: `eval(compile(SETUP, …))`)
  const inside = (call: SyntaxNode) => call.startIndex <= at.startIndex && at.endIndex <= call.endIndex;
  return file.evaluations?.every(inside) ?? false;
}
