from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'entity.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html', 'entity.html')
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
    l_0_entity = resolve('entity')
    pass
    yield escape(environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'name'))

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_root = resolve('root')
    l_0_entity = resolve('entity')
    l_0_site = resolve('site')
    l_0_claims = missing
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<p class="crumbs"><a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'index.html#entities">Entities</a></p>\n<h1>'
    yield escape(environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'name'))
    yield '</h1>\n<dl class="facts-list">\n<dt>Type</dt><dd><span class="chip type-'
    yield escape(environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'entity_type'))
    yield '">'
    yield escape(environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'entity_type'))
    yield '</span></dd>\n<dt>Wikidata</dt><dd>'
    if environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'wikidata'):
        pass
        yield '<a href="https://www.wikidata.org/wiki/'
        yield escape(environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'wikidata'))
        yield '">'
        yield escape(environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'wikidata'))
        yield '</a>'
    else:
        pass
        yield 'no certain match'
    yield '</dd>\n<dt>Description</dt><dd>'
    yield escape(environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'description'))
    yield '</dd>\n'
    if environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'part_of'):
        pass
        yield '<dt>Part of</dt><dd>'
        yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'entity_link'), (undefined(name='root') if l_0_root is missing else l_0_root), environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'part_of'), _block_vars=_block_vars))
        yield '</dd>'
    if environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'parts'), environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'entity_id')):
        pass
        yield '<dt>Parts</dt><dd>'
        l_1_loop = missing
        for l_1_part, l_1_loop in LoopContext(environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'parts'), environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'entity_id')), undefined):
            _loop_vars = {}
            pass
            yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'entity_link'), (undefined(name='root') if l_0_root is missing else l_0_root), environment.getattr(l_1_part, 'entity_id'), _loop_vars=_loop_vars))
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ', '
        l_1_loop = l_1_part = missing
        yield '</dd>'
    if environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'notes'):
        pass
        yield '<dt>Notes</dt><dd>'
        yield escape(environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'notes'))
        yield '</dd>'
    yield '</dl>\n\n<h2>Mentions <span class="meta">('
    yield escape(t_1(environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'mentions_of'), environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'entity_id'))))
    yield ')</span></h2>\n<ol class="mentions">\n'
    for l_1_mention in environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'mentions_of'), environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'entity_id')):
        l_1_key = l_1_quoted = missing
        _loop_vars = {}
        pass
        l_1_key = markup_join(('m-', environment.getattr(l_1_mention, 'article_id'), '-', environment.getattr(l_1_mention, 'start'), '-', environment.getattr(l_1_mention, 'end'), ))
        _loop_vars['key'] = l_1_key
        yield '<li><span class="form form-'
        yield escape(environment.getattr(l_1_mention, 'form'))
        yield '">'
        yield escape(environment.getattr(l_1_mention, 'form'))
        yield '</span> <strong>“'
        yield escape(environment.getattr(l_1_mention, 'text'))
        yield '”</strong> in '
        yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'article_link'), (undefined(name='root') if l_0_root is missing else l_0_root), environment.getattr(l_1_mention, 'article_id'), _loop_vars=_loop_vars))
        yield '\n(<a href="'
        yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
        yield 'article/'
        yield escape(environment.getattr(l_1_mention, 'article_id'))
        yield '.html#'
        yield escape((undefined(name='key') if l_1_key is missing else l_1_key))
        yield '">'
        yield escape(environment.getattr(l_1_mention, 'start'))
        yield '–'
        yield escape(environment.getattr(l_1_mention, 'end'))
        yield '</a>)\n'
        l_1_quoted = context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'excerpt'), environment.getattr(l_1_mention, 'article_id'), environment.getattr(l_1_mention, 'start'), environment.getattr(l_1_mention, 'end'), (undefined(name='key') if l_1_key is missing else l_1_key), markup_join(('hl mention type-', environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'entity_type'), (' garbled' if (environment.getattr(l_1_mention, 'form') == 'garbled') else ''), )), _loop_vars=_loop_vars)
        _loop_vars['quoted'] = l_1_quoted
        if (undefined(name='quoted') if l_1_quoted is missing else l_1_quoted):
            pass
            yield '<blockquote lang="'
            yield escape(environment.getattr(environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'article'), environment.getattr(l_1_mention, 'article_id')), 'language'))
            yield '">'
            yield escape((undefined(name='quoted') if l_1_quoted is missing else l_1_quoted))
            yield '</blockquote>'
        if environment.getattr(l_1_mention, 'notes'):
            pass
            yield '<p class="notes">'
            yield escape(environment.getattr(l_1_mention, 'notes'))
            yield '</p>'
        yield '</li>\n'
    l_1_mention = l_1_key = l_1_quoted = missing
    yield '</ol>\n\n'
    l_0_claims = environment.getitem(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'claims_naming'), environment.getattr((undefined(name='entity') if l_0_entity is missing else l_0_entity), 'entity_id'))
    _block_vars['claims'] = l_0_claims
    if (undefined(name='claims') if l_0_claims is missing else l_0_claims):
        pass
        yield '<h2>Claims naming it <span class="meta">('
        yield escape(t_1((undefined(name='claims') if l_0_claims is missing else l_0_claims)))
        yield ')</span></h2>\n<ul class="claims">\n'
        for l_1_claim in (undefined(name='claims') if l_0_claims is missing else l_0_claims):
            _loop_vars = {}
            pass
            yield '<li><span class="chip claim-chip-'
            yield escape(environment.getattr(l_1_claim, 'claim_type'))
            yield '">'
            yield escape(environment.getattr(l_1_claim, 'claim_type'))
            yield '</span> '
            yield escape(environment.getattr(l_1_claim, 'paraphrase'))
            yield '\n(<a href="'
            yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
            yield 'article/'
            yield escape(environment.getattr(l_1_claim, 'article_id'))
            yield '.html#c-'
            yield escape(environment.getattr(l_1_claim, 'claim_id'))
            yield '">'
            yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'label'), environment.getattr(l_1_claim, 'article_id'), _loop_vars=_loop_vars))
            yield '</a>'
            if environment.getattr(l_1_claim, 'fact_id'):
                pass
                yield '; fact: '
                yield escape(context.call(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'fact_link'), (undefined(name='root') if l_0_root is missing else l_0_root), environment.getattr(l_1_claim, 'fact_id'), _loop_vars=_loop_vars))
            yield ')</li>\n'
        l_1_claim = missing
        yield '</ul>\n'

blocks = {'title': block_title, 'main': block_main}
debug_info = '1=12&2=17&3=28&4=47&5=49&7=51&8=55&9=66&10=68&11=73&12=86&15=92&17=94&18=98&19=101&20=109&21=119&22=121&23=128&28=136&29=138&30=141&32=143&33=147&34=153'