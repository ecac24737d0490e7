import { defineComponent, h } from 'vue';
import DOMPurify from 'dompurify';

export const CommentItem = defineComponent({
  name: 'CommentItem',
  props: { comment: { type: Object, required: true } },
  template: `
    <li class="comment">
      <span class="author">{{ comment.author }}</span>
      <div class="body" v-html="comment.body"></div>
    </li>
  `,
});

export const CommentPreview = defineComponent({
  name: 'CommentPreview',
  props: { html: { type: String, default: '' } },
  setup(props) {
    return () => h('div', { class: 'preview', innerHTML: props.html });
  },
});

export const CommentPreviewClean = defineComponent({
  name: 'CommentPreviewClean',
  props: { html: { type: String, default: '' } },
  setup(props) {
    return () => h('div', { class: 'preview', innerHTML: DOMPurify.sanitize(props.html) });
  },
});

export const CommentCount = defineComponent({
  props: { count: Number },
  template: `<span class="count" v-text="count"></span>`,
});
