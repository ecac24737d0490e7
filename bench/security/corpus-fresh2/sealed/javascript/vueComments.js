import { createApp, computed } from 'vue';
import DOMPurify from 'dompurify';

const CommentItem = {
  props: ['comment'],
  template: `
    <article class="comment">
      <header>{{ comment.author }}</header>
      <div class="body" v-html="comment.body"></div>
    </article>
  `,
};

const CommentPreview = {
  props: ['draft'],
  setup(props) {
    const cleaned = computed(() => DOMPurify.sanitize(props.draft));
    return { cleaned };
  },
  template: `<div class="preview" v-html="cleaned"></div>`,
};

const SignatureLine = {
  props: ['signature'],
  template: '<p class="sig">{{ signature }}</p>',
};

createApp({
  components: { CommentItem, CommentPreview, SignatureLine },
  data: () => ({ comments: [], draft: '', sig: '' }),
}).mount('#app');
