from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'article.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'article.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_site = resolve('site')
    l_0_article = resolve('article')
    pass
    yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'label'), environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'article_id'), _block_vars=_block_vars))

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_root = resolve('root')
    l_0_site = resolve('site')
    l_0_article = resolve('article')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['thousands']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'thousands' found.")
    pass
    yield '<p class="crumbs"><a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'index.html#articles">Articles</a></p>\n<h1>'
    yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'label'), environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'article_id'), _block_vars=_block_vars))
    yield '</h1>\n<nav aria-label="On this page"><ul class="inline-list jumps"><li><a href="#text-h">The text</a></li><li><a href="#claims">Claims</a></li><li><a href="#mentions">Mentions</a></li></ul></nav>\n<dl class="facts-list">\n<dt>Copy</dt><dd>'
    yield escape(environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'copy_kind'))
    yield '</dd>\n<dt>Outlet</dt><dd>'
    if environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'outlet_id'):
        pass
        yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'entity_link'), (undefined(name='root') if l_0_root is missing else l_0_root), environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'outlet_id'), _block_vars=_block_vars))
    else:
        pass
        yield 'not named in the text'
    yield '</dd>\n'
    if environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'site_id'):
        pass
        yield '<dt>Taken from</dt><dd>'
        yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'entity_link'), (undefined(name='root') if l_0_root is missing else l_0_root), environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'site_id'), _block_vars=_block_vars))
        yield '</dd>'
    yield '<dt>Author</dt><dd>'
    l_1_loop = missing
    t_3 = 1
    for l_1_entity_id, l_1_loop in LoopContext(environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'bylines'), environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'article_id')), undefined):
        _loop_vars = {}
        pass
        yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'entity_link'), (undefined(name='root') if l_0_root is missing else l_0_root), l_1_entity_id, _loop_vars=_loop_vars))
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield ', '
        t_3 = 0
    l_1_loop = l_1_entity_id = missing
    if t_3:
        pass
        yield 'not named in the text'
    yield '</dd>\n<dt>Published</dt><dd>'
    yield escape((environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'published') or 'not stated in the text'))
    yield '</dd>\n<dt>Address</dt><dd>'
    if environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'url'):
        pass
        yield '<span class="url">'
        yield escape(environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'url'))
        yield '</span>'
    else:
        pass
        yield 'not known'
    yield '</dd>\n<dt>Text</dt><dd>'
    yield escape(t_2(environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'length')))
    yield ' code points, language '
    yield escape(environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'language'))
    yield ', SHA-256 <code class="hash">'
    yield escape(environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'sha256'))
    yield '</code></dd>\n'
    if environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'notes'):
        pass
        yield '<dt>Notes</dt><dd>'
        yield escape(environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'notes'))
        yield '</dd>'
    yield '</dl>\n\n<h2 id="text-h">The text</h2>\n<p class="notice" role="note">This text belongs to its publisher. It is shown here as it was found, scraping residue and garbled words included, so that every record below can be checked against the exact words.</p>\n<details class="legend" open>\n<summary>Key</summary>\n<ul class="inline-list">\n'
    for l_1_entity_type in environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'entity_types'):
        _loop_vars = {}
        pass
        yield '<li><span class="hl mention type-'
        yield escape(l_1_entity_type)
        yield '">'
        yield escape(l_1_entity_type)
        yield '</span></li>\n'
    l_1_entity_type = missing
    yield '<li><span class="hl mention type-person garbled">garbled form</span></li>\n'
    for l_1_claim_type in environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'claim_types'):
        _loop_vars = {}
        pass
        yield '<li><span class="hl claim claim-'
        yield escape(l_1_claim_type)
        yield '">'
        yield escape(l_1_claim_type)
        yield ' claim</span></li>\n'
    l_1_claim_type = missing
    yield '</ul>\n<p>Tab moves from one highlight to the next; each names its entity or claim, and Enter or a click opens its page (on a touch screen, the first tap names it and a second opens it).</p>\n</details>\n'
    if (environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'article_id') in environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'texts')):
        pass
        yield '<div class="source" lang="'
        yield escape(environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'language'))
        yield '" aria-labelledby="text-h">'
        yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'highlighted'), environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'article_id'), _block_vars=_block_vars))
        yield '</div>\n'
    else:
        pass
        yield '<p class="absent">The source text is not in this package (a release built without <code>--with-sources</code>). The records below give each span\'s exact text and offsets; the SHA-256 above identifies the text they were read from.</p>\n'
    yield '\n<h2 id="claims">Claims <span class="meta">('
    yield escape(t_1(environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'claims_in'), environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'article_id'))))
    yield ')</span></h2>\n<div class="scroll">\n<table class="records">\n<thead><tr><th scope="col">at</th><th scope="col">type</th><th scope="col">span</th><th scope="col">what it says</th><th scope="col">fact</th></tr></thead>\n<tbody>\n'
    for l_1_claim in environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'claims_in'), environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'article_id')):
        _loop_vars = {}
        pass
        yield '<tr id="c-'
        yield escape(environment.getattr(l_1_claim, 'claim_id'))
        yield '"><td class="num">'
        yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'offsets'), environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'article_id'), markup_join(('c-', environment.getattr(l_1_claim, 'claim_id'), )), l_1_claim, _loop_vars=_loop_vars))
        yield '</td><td><span class="chip claim-chip-'
        yield escape(environment.getattr(l_1_claim, 'claim_type'))
        yield '">'
        yield escape(environment.getattr(l_1_claim, 'claim_type'))
        yield '</span></td>\n<td class="span-text">“'
        yield escape(environment.getattr(l_1_claim, 'text'))
        yield '”</td><td>'
        yield escape(environment.getattr(l_1_claim, 'paraphrase'))
        yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'claim_meta'), l_1_claim, _loop_vars=_loop_vars))
        if environment.getattr(l_1_claim, 'notes'):
            pass
            yield '<p class="notes">'
            yield escape(environment.getattr(l_1_claim, 'notes'))
            yield '</p>'
        yield '</td>\n<td class="fact-cell">'
        if environment.getattr(l_1_claim, 'fact_id'):
            pass
            yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'fact_link'), (undefined(name='root') if l_0_root is missing else l_0_root), environment.getattr(l_1_claim, 'fact_id'), _loop_vars=_loop_vars))
            yield ' '
            yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'status'), environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'verdicts'), environment.getattr(l_1_claim, 'fact_id')), _loop_vars=_loop_vars))
        yield '</td></tr>\n'
    l_1_claim = missing
    yield '</tbody>\n</table>\n</div>\n\n<h2 id="mentions">Mentions <span class="meta">('
    yield escape(t_1(environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'mentions_in'), environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'article_id'))))
    yield ')</span></h2>\n<div class="scroll">\n<table class="records">\n<thead><tr><th scope="col">at</th><th scope="col">as written</th><th scope="col">entity</th><th scope="col">form</th></tr></thead>\n<tbody>\n'
    for l_1_mention in environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'mentions_in'), environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'article_id')):
        l_1_key = missing
        _loop_vars = {}
        pass
        l_1_key = markup_join(('m-', environment.getattr(l_1_mention, 'article_id'), '-', environment.getattr(l_1_mention, 'start'), '-', environment.getattr(l_1_mention, 'end'), ))
        _loop_vars['key'] = l_1_key
        yield '<tr id="'
        yield escape((undefined(name='key') if l_1_key is missing else l_1_key))
        yield '"><td class="num">'
        yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'offsets'), environment.getattr((undefined(name='article') if l_0_article is missing else l_0_article), 'article_id'), (undefined(name='key') if l_1_key is missing else l_1_key), l_1_mention, _loop_vars=_loop_vars))
        yield '</td><td class="span-text">“'
        yield escape(environment.getattr(l_1_mention, 'text'))
        yield '”</td>\n<td>'
        yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'entity_link'), (undefined(name='root') if l_0_root is missing else l_0_root), environment.getattr(l_1_mention, 'entity_id'), _loop_vars=_loop_vars))
        yield '</td><td><span class="form form-'
        yield escape(environment.getattr(l_1_mention, 'form'))
        yield '">'
        yield escape(environment.getattr(l_1_mention, 'form'))
        yield '</span>'
        if environment.getattr(l_1_mention, 'notes'):
            pass
            yield '<p class="notes">'
            yield escape(environment.getattr(l_1_mention, 'notes'))
            yield '</p>'
        yield '</td></tr>\n'
    l_1_mention = l_1_key = missing
    yield '</tbody>\n</table>\n</div>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=12&2=17&3=29&4=53&5=55&8=57&9=59&10=66&11=74&12=87&13=89&14=98&15=104&23=110&25=120&30=130&31=133&36=141&41=143&42=147&43=155&44=165&50=173&55=175&56=179&57=182&58=188'