from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'home.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'home.html')
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
    pass
    yield 'Home'

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_site = resolve('site')
    l_0_root = resolve('root')
    l_0_groups = missing
    try:
        t_1 = environment.filters['capitalize']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'capitalize' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_4 = environment.filters['thousands']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'thousands' found.")
    pass
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
    yield '</h1>\n<p class="lead">'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'description'))
    yield '</p>\n<p>'
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'release'):
        pass
        yield 'Release <strong>'
        yield escape(environment.getattr(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'release'), 'version'))
        yield '</strong>'
        if environment.getattr(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'release'), 'created'):
            pass
            yield ', created '
            yield escape(environment.getattr(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'release'), 'created'))
        yield '. '
    else:
        pass
        yield 'Built from the working copy of the package, not from a release.'
    yield ' Whether the articles agree on a fact is derived from their claims by the toolkit, never typed by hand.</p>\n\n<section id="facts" aria-labelledby="facts-h">\n<h2 id="facts-h">Facts: where the coverage agrees and where it does not</h2>\n'
    l_0_groups = context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'by_status'), _block_vars=_block_vars)
    _block_vars['groups'] = l_0_groups
    yield '<p>'
    yield escape(t_2(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'facts')))
    yield ' questions, each compared across the articles that answer it: '
    l_1_loop = missing
    for (l_1_status, l_1_facts), l_1_loop in LoopContext((undefined(name='groups') if l_0_groups is missing else l_0_groups), undefined):
        _loop_vars = {}
        pass
        yield escape(t_2(l_1_facts))
        yield ' '
        yield escape(l_1_status)
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield ', '
    l_1_loop = l_1_status = l_1_facts = missing
    yield '.</p>\n'
    for (l_1_status, l_1_facts) in (undefined(name='groups') if l_0_groups is missing else l_0_groups):
        _loop_vars = {}
        pass
        yield '<h3 id="status-'
        yield escape(t_3(context.eval_ctx, l_1_status, ' ', '-'))
        yield '">'
        yield escape(t_1(l_1_status))
        yield ' <span class="meta">('
        yield escape(t_2(l_1_facts))
        yield ')</span></h3>\n<ul class="facts">\n'
        for l_2_fact in l_1_facts:
            l_2_verdict = missing
            _loop_vars = {}
            pass
            l_2_verdict = environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'verdicts'), environment.getattr(l_2_fact, 'fact_id'))
            _loop_vars['verdict'] = l_2_verdict
            yield '<li class="fact-row">'
            yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'status'), (undefined(name='verdict') if l_2_verdict is missing else l_2_verdict), _loop_vars=_loop_vars))
            yield ' '
            yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'fact_link'), (undefined(name='root') if l_0_root is missing else l_0_root), environment.getattr(l_2_fact, 'fact_id'), _loop_vars=_loop_vars))
            yield '\n<p class="explanation">'
            yield escape(environment.getattr((undefined(name='verdict') if l_2_verdict is missing else l_2_verdict), 'explanation'))
            yield '</p></li>\n'
        l_2_fact = l_2_verdict = missing
        yield '</ul>\n'
    l_1_status = l_1_facts = missing
    yield '</section>\n\n<section id="articles" aria-labelledby="articles-h">\n<h2 id="articles-h">Articles</h2>\n<ul class="cards">\n'
    for l_1_article in environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'articles'):
        _loop_vars = {}
        pass
        yield '<li>'
        yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'article_link'), (undefined(name='root') if l_0_root is missing else l_0_root), environment.getattr(l_1_article, 'article_id'), _loop_vars=_loop_vars))
        yield '\n<span class="meta">'
        yield escape(environment.getattr(l_1_article, 'copy_kind'))
        if environment.getattr(l_1_article, 'outlet_id'):
            pass
            yield ' · '
            yield escape(environment.getattr(environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'entity'), environment.getattr(l_1_article, 'outlet_id')), 'name'))
        yield ' · '
        yield escape(t_2(environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'mentions_in'), environment.getattr(l_1_article, 'article_id'))))
        yield ' mentions, '
        yield escape(t_2(environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'claims_in'), environment.getattr(l_1_article, 'article_id'))))
        yield ' claims</span></li>\n'
    l_1_article = missing
    yield '</ul>\n</section>\n\n<section aria-labelledby="counts-h">\n<h2 id="counts-h">What is in it</h2>\n<table class="counts">\n<thead><tr><th scope="col">table</th><th scope="col" class="num">rows</th></tr></thead>\n<tbody>\n'
    for (l_1_name, l_1_count) in context.call(environment.getattr(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'counts'), 'items'), _block_vars=_block_vars):
        _loop_vars = {}
        pass
        yield '<tr><td>'
        yield escape(l_1_name)
        yield '</td><td class="num">'
        yield escape(t_4(l_1_count))
        yield '</td></tr>\n'
    l_1_name = l_1_count = missing
    yield '</tbody>\n</table>\n</section>\n\n<section id="entities" aria-labelledby="entities-h">\n<h2 id="entities-h">Entities</h2>\n'
    def t_5(fiter):
        for (l_1_entity_type, l_1_members) in fiter:
            if l_1_members:
                yield (l_1_entity_type, l_1_members)
    for (l_1_entity_type, l_1_members) in t_5(context.call(environment.getattr(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'types'), 'items'), _block_vars=_block_vars)):
        _loop_vars = {}
        pass
        yield '<h3>'
        yield escape(t_1(l_1_entity_type))
        yield ' <span class="meta">('
        yield escape(t_2(l_1_members))
        yield ')</span></h3>\n<ul class="inline-list">\n'
        for l_2_entity in l_1_members:
            _loop_vars = {}
            pass
            yield '<li><a class="chip type-'
            yield escape(l_1_entity_type)
            yield '" href="'
            yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
            yield 'entity/'
            yield escape(environment.getattr(l_2_entity, 'entity_id'))
            yield '.html">'
            yield escape(environment.getattr(l_2_entity, 'name'))
            yield '</a></li>\n'
        l_2_entity = missing
        yield '</ul>\n'
    l_1_entity_type = l_1_members = missing
    yield '</section>\n\n'
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'release'):
        pass
        yield '<section id="downloads" aria-labelledby="downloads-h">\n<h2 id="downloads-h">Downloads</h2>\n<p>The files of release '
        yield escape(environment.getattr(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'release'), 'version'))
        yield '. Check a download with <code>sha256sum -c <a href="'
        yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
        yield escape(environment.getattr(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'release'), 'base'))
        yield 'SHA256SUMS">SHA256SUMS</a></code>.</p>\n<div class="scroll">\n<table class="downloads">\n<thead><tr><th scope="col">file</th><th scope="col" class="num">bytes</th><th scope="col">SHA-256</th></tr></thead>\n<tbody>\n'
        for l_1_file in environment.getattr(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'release'), 'downloads'):
            _loop_vars = {}
            pass
            yield '<tr><td><a href="'
            yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
            yield escape(environment.getattr(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'release'), 'base'))
            yield escape(environment.getattr(l_1_file, 'path'))
            yield '">'
            yield escape(environment.getattr(l_1_file, 'path'))
            yield '</a></td><td class="num">'
            yield escape(t_4(environment.getattr(l_1_file, 'size')))
            yield '</td><td><code class="hash">'
            yield escape(environment.getattr(l_1_file, 'sha256'))
            yield '</code></td></tr>\n'
        l_1_file = missing
        yield '</tbody>\n</table>\n</div>\n</section>\n'
    yield '\n<section id="cite" aria-labelledby="cite-h">\n<h2 id="cite-h">How to cite</h2>\n<p class="citation">'
    yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'cite'), _block_vars=_block_vars))
    yield '</p>\n'
    if context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'citation_file'), _block_vars=_block_vars):
        pass
        yield '<p>For reference managers: <a href="'
        yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
        yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'citation_file'), _block_vars=_block_vars))
        yield '">CITATION.cff</a>.</p>\n'
    yield '</section>\n\n<section id="licences" aria-labelledby="licences-h">\n<h2 id="licences-h">Licences</h2>\n<ul>\n'
    for l_1_licence in environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'licenses'):
        _loop_vars = {}
        pass
        yield '<li>Tables, schemas and descriptor: '
        if environment.getattr(l_1_licence, 'path'):
            pass
            yield '<a href="'
            yield escape(environment.getattr(l_1_licence, 'path'))
            yield '">'
            yield escape((environment.getattr(l_1_licence, 'title') or environment.getattr(l_1_licence, 'name')))
            yield '</a>'
        else:
            pass
            yield escape((environment.getattr(l_1_licence, 'title') or environment.getattr(l_1_licence, 'name')))
        yield '.</li>\n'
    l_1_licence = missing
    yield '<li>The source texts belong to their publishers. They are shown so that every record can be checked against the words it was read from.</li>\n</ul>\n</section>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=12&2=17&3=27&4=63&5=65&6=67&11=81&12=84&13=98&14=102&16=108&17=112&18=115&19=119&28=125&29=129&30=131&40=143&41=147&49=153&50=161&52=165&58=181&61=184&66=189&67=193&77=206&78=208&85=215&86=219'