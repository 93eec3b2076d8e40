// VitePress's default theme, put together from its parts the way its own entry
// (vitepress/theme-without-fonts) does, minus the styles of parts this site never
// shows. That entry imports every style sheet and re-exports every component; Vite
// drops the components nobody imports but keeps their styles, so each page carried
// the CSS of the sponsor grids (vp-sponsor.css), code groups (vp-code-group.css),
// the team pages (VPTeam*), the <Badge> component and the sponsor boxes.
// The Layout below imports every component it draws, with its styles.
import type { Theme } from 'vitepress';
import 'vitepress/dist/client/theme-default/styles/vars.css';
import 'vitepress/dist/client/theme-default/styles/base.css';
import 'vitepress/dist/client/theme-default/styles/icons.css';
import 'vitepress/dist/client/theme-default/styles/utils.css';
import 'vitepress/dist/client/theme-default/styles/components/custom-block.css';
import 'vitepress/dist/client/theme-default/styles/components/vp-code.css';
import 'vitepress/dist/client/theme-default/styles/components/vp-doc.css';
import Layout from 'vitepress/dist/client/theme-default/Layout.vue';

const defaultTheme: Theme = { Layout };

export default defaultTheme;
