from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'base.html'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_site = resolve('site')
    l_0_root = resolve('root')
    pass
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light">\n<meta name="referrer" content="no-referrer">\n<title>'
    yield from context.blocks['title'][0](context)
    yield ' · '
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
    yield '</title>\n<link rel="stylesheet" href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'site.css">\n<script src="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'site.js" defer></script>\n</head>\n<body>\n<a class="skip" href="#main">Skip to content</a>\n<header class="top">\n<p class="brand"><a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'index.html">'
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'title'))
    yield '</a>'
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'release'):
        pass
        yield ' <span class="version">v'
        yield escape(environment.getattr(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'release'), 'version'))
        yield '</span>'
    yield '</p>\n<nav aria-label="Site">\n<ul>\n<li><a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'index.html#facts">Facts</a></li>\n<li><a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'index.html#articles">Articles</a></li>\n<li><a href="'
    yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
    yield 'index.html#entities">Entities</a></li>\n'
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'release'):
        pass
        yield '<li><a href="'
        yield escape((undefined(name='root') if l_0_root is missing else l_0_root))
        yield 'index.html#downloads">Downloads</a></li>\n'
    yield '</ul>\n</nav>\n</header>\n<main id="main" tabindex="-1">\n'
    yield from context.blocks['main'][0](context)
    yield '</main>\n<footer>\n<p>Data: '
    l_1_loop = missing
    t_1 = 1
    for l_1_licence, l_1_loop in LoopContext(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'licenses'), undefined):
        _loop_vars = {}
        pass
        yield escape((environment.getattr(l_1_licence, 'title') or environment.getattr(l_1_licence, 'name')))
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield ', '
        t_1 = 0
    l_1_loop = l_1_licence = missing
    if t_1:
        pass
        yield 'no licence stated'
    yield '. Source texts belong to their publishers.\nBuilt by <code>toolkit site</code> from '
    yield escape(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'name'))
    yield ' '
    if environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'release'):
        pass
        yield escape(environment.getattr(environment.getattr((undefined(name='site') if l_0_site is missing else l_0_site), 'release'), 'version'))
    else:
        pass
        yield '(working copy)'
    yield '.</p>\n</footer>\n</body>\n</html>\n'

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_main(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

blocks = {'title': block_title, 'main': block_main}
debug_info = '8=14&9=18&10=20&15=22&18=32&19=34&20=36&21=38&27=44&30=48&31=61&8=71&27=80'