// The inputs of falco's formatter tables (ysugimoto/falco formatter/statement_format_test.go): every
// statement form with comments before, between and after its tokens. falco's formatter parses each; here
// each must parse, and print back to the same tree (helpers/peer-syntax.ts parsedTree). How the text is
// laid out is vcl-edge's printer's own (two-space indent, one statement a line), not falco's.
import { describe, expect, it } from 'vitest';
import { parsedTree } from './helpers/peer-syntax.js';

const INPUTS: [string, string][] = [
  ['import-comments', `// import leading comment
	import /* before_name */ boltsort /* after_name */ ; // import trailing comment`],
  ['include-comments', `// include leading comment
	include /* before_name */ "feature_mod" /* after_name */ ; // include trailing comment`],
  ['include-in-sub', `sub vcl_recv {
	// include leading comment
	include "feature_mod" // include trailing comment
}`],
  ['include-in-if', `sub vcl_recv {
	if (req.http.Host) {
		// include leading comment
		include "feature_mod" // include trailing comment
	}
}`],
  ['block', `sub vcl_recv {
	// block leading comment
	{
		restart;
		// block infix comment
	} // block trailing comment
}`],
  ['declare', `sub vcl_recv {
	declare /* before_local */ local /* after_local */ var.FOO /* after_name */ STRING /* after_type */ ; // declare trailing comment
	declare /* before_local */ local /* after_local */ var.BAR /* after_name */ STRING /* after_type */ = /* after_equal */ "Hello" /* after_value */; // declare trailing comment
}`],
  ['set', `sub vcl_recv {
	set  /* before_ident */ req.http.Foo/* after_ident */= /* before_value1 */"foo" /* after_value1 */ "bar" "baz" /* before_semicolon */ ; // set trailing comment
}
sub recv {
  set var.hash = var.hash + req.url.path;
}
sub vcl_fetch {
  set beresp.stale_if_error = 8w;
  set beresp.ttl = 60 s;
}`],
  ['unset-remove-restart-esi', `sub vcl_recv {
	unset  /* before_ident */req.http.Foo /* after_ident */ ; // unset trailing comment
	remove  /* before_ident */req.http.Foo /* after_ident */ ; // remove trailing comment
	restart /* infix_comment */ ; // restart trailing comment
	esi /* infix_comment */ ; // esi trailing comment
}`],
  ['add-call-error', `sub vcl_deliver {
	add  /* before_ident */resp.http.Set-Cookie /* after_ident */= /* before_value */"name=foo" /* after_value */ ; // add trailing comment
	call  /* before_subroutine */feature_recv /* after_subroutine */ ; // call trailing comment
	call  feature_recv(var.foo,var.bar );
	error /* before_code */  404 /* after_code */; // error trailing comment
	error  /* before_code */ 404 /* after_code */ "extra response" /* after_response */ ; // error trailing comment
	error 600 "https://" + req.http.Host + "/splash";
}`],
  ['log', `sub vcl_log {
	log  req.http.Host ; // log trailing comment
	log  /* before_value1 */ req.http.Host /* after_value1 */ "foo"   /* after_value2 */"bar" /* after_value3 */ "baz" /* after_value4 */ client.ip /* after_value5 */;
	log req.http.Host // request Host
	    "foo" /* after_value2 */"bar" ;
}`],
  ['return', `sub vcl_recv {
	return /* before_state */ lookup /* after_state */; // return trailing comment
	return/* before_parenthesis */ (/* inside_parenthesis */ lookup /* inside_parenthesis */) /* after_parenthesis */;
	return/* before_semicolon */ ; // trailing
	return(lookup) ;
}`],
  ['synthetic', `sub vcl_error {
	synthetic  /* before_value */ "foo" /* after_value */ ; // synthetic trailing comment
	synthetic  /* before_value */ {"foo bar baz"} /* after_value */;
	synthetic  /* before_value */ {delimiter"foo bar baz"delimiter} /* after_value */;
	synthetic  {"foo bar baz"} "lorem" "ipsum" {delimiter"foo"delimiter} req.http.Hoost ;
	synthetic.base64  /* before_value */ "ZmFsY28gaXMgdGhlIGJldHRlciB0b29sIHRvIGRldmVsb3AgRmFzdGx5IFZDTAo=" /* after_value */ ; // trailing
}`],
  ['goto', `sub vcl_recv {
	goto /* before_target */ FOO /* after_target */; // goto trailing comment
	// goto destination leading comment
	FOO: // goto destination trailing comment
	h3.alt_svc() /* infix_comment */; // function call trailing comment
}`],
  ['if', `sub vcl_recv {
	if /* if_infix */ (/* before_condition */ req.http.Host /* after_condition */) /* before_parenthesis */ {
		set req.http.Foo = req.http.Host;
		// if infix comment
	} /* else_leading */
	// else leading
	else /* else_infix */ {
		set req.http.Foo = "unknown";
	} // else trailing comment
	if (req.http.Host) {
		set req.http.Foo = req.http.Host;
	} /* elseif_leading */ else if /* elseif_infix */ (/* elseif_condition_leading */ req.http.AnotherHost /* elseif_condition_trailing */) /* else_before_parenthesis */ {
		set req.http.Foo = "another";
	}
	// More complicated case
	else if (req.http.Other) {
		set req.http.Foo = "other";
	} else {
		set req.http.Foo = "unknown";
	} // if trailing comment
	if (req.http.Host) {
		set req.http.Foo = req.http.Host;
	} /* elseif_leading */ elseif /* elseif_infix */ (/* a */ req.http.AnotherHost /* b */) /* c */ {
		set req.http.Foo = "another";
	}
	// More complicated case
	elsif (req.http.Other) {
		set req.http.Foo = "other";
	}
	if ((beresp.status == 500 || beresp.status == 503) && req.restarts < 1 && (req.request == "GET" || req.request == "HEAD")) {
		set req.http.OK = "1";
	}
	if (!(req.http.A == "1" || req.http.B == "2")) {
		set req.http.OK = "1";
	}
	if (req.http.Header1 == "1" && req.http.Header2 /* comment */  == /* comment */ "2" && req.http.Header3 == "3") {
		set req.http.OK = "1";
	}
}`],
  ['switch', `sub vcl_recv {
	switch /* infix */ (/* before_control */ req.http.Host /* after_control */) /* before_block */ {
	// case leading
	case /* before_value */ "foo" /* after_value */: // case trailing
		set req.http.Host = "bar";
		// fallthrough leading
		fallthrough /* fallthrough_infix */ ; // fallthrough trailing
	default /* default_infix */: // default trailing
		// break leading
		break /* break_infix */; // break trailing
	} // switch trailing
}`],
  ['escapes', `sub vcl_recv {
  if (req.url ~ "/%257") {
    error 403;
  }
  if (req.url ~ "/search/%24" || req.url ~ "/search/%7B" || req.url ~ "/search/%7D") {
    error 404;
  }
  set req.http.X-Test = "%u0024%u00A3";
}`],];

describe('formatter inputs (falco formatter/statement_format_test.go)', () => {
  it.each(INPUTS)('%s parses and prints back to the same tree', (_name, source) => {
    expect(parsedTree(source).length).toBeGreaterThan(0);
  });
});
