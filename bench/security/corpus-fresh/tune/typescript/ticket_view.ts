import { computed, defineComponent, PropType } from 'vue';
import sanitizeHtml from 'sanitize-html';

interface Ticket {
  id: number;
  subject: string;
  descriptionHtml: string;
  reporterSignature: string;
}

export default defineComponent({
  name: 'TicketView',
  props: {
    ticket: { type: Object as PropType<Ticket>, required: true },
  },
  setup(props) {
    const description = computed(() =>
      sanitizeHtml(props.ticket.descriptionHtml, { allowedTags: ['p', 'b', 'i', 'ul', 'li', 'code', 'pre'] }),
    );
    return { description };
  },
  template: `
    <section class="ticket">
      <h2>#{{ ticket.id }} {{ ticket.subject }}</h2>
      <div class="description" v-html="description"></div>
      <footer class="signature" v-html="ticket.reporterSignature"></footer>
    </section>
  `,
});
