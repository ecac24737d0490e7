import { defineComponent, h, PropType } from 'vue';
import sanitizeHtml from 'sanitize-html';

interface Note {
  title: string;
  html: string;
  link: string;
}

export default defineComponent({
  name: 'NoteCard',
  props: { note: { type: Object as PropType<Note>, required: true } },
  setup(props) {
    return () =>
      h('div', { class: 'note' }, [
        h('h3', props.note.title),
        h('div', { innerHTML: props.note.html }),
        h('div', { class: 'clean', innerHTML: sanitizeHtml(props.note.html) }),
        h('a', { href: props.note.link }, 'open'),
      ]);
  },
});
