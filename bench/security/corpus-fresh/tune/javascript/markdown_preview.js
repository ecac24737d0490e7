import Vue from 'vue';
import { marked } from 'marked';
import DOMPurify from 'dompurify';

Vue.component('markdown-preview', {
  props: ['source', 'showRaw'],
  computed: {
    rendered() {
      return marked.parse(this.source || '');
    },
    cleaned() {
      return DOMPurify.sanitize(marked.parse(this.source || ''));
    },
  },
  template: `
    <div class="md">
      <div class="raw" v-if="showRaw" v-html="rendered"></div>
      <div class="clean" v-else v-html="cleaned"></div>
    </div>
  `,
});

Vue.component('release-notes', {
  props: ['notes'],
  render(createElement) {
    return createElement('section', { domProps: { innerHTML: this.notes } });
  },
});

Vue.component('static-banner', {
  render(createElement) {
    return createElement('div', { domProps: { innerHTML: '<strong>Maintenance</strong> tonight 22:00–23:00 UTC' } });
  },
});
