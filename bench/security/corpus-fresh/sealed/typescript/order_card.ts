import { defineComponent, h, PropType } from 'vue';

interface OrderSummary {
  id: string;
  customerNote: string;
  giftMessageHtml: string;
  statusLabel: string;
}

const STATUS_PILLS: Record<string, string> = {
  paid: '<span class="pill pill-green">Paid</span>',
  pending: '<span class="pill pill-amber">Pending</span>',
};

export const OrderCard = defineComponent({
  name: 'OrderCard',
  props: { order: { type: Object as PropType<OrderSummary>, required: true } },
  setup(props) {
    return () =>
      h('div', { class: 'order-card' }, [
        h('h3', `Order ${props.order.id}`),
        h('p', { class: 'note' }, props.order.customerNote),
        h('div', { class: 'gift', innerHTML: props.order.giftMessageHtml }),
        h('div', { class: 'status', innerHTML: STATUS_PILLS[props.order.statusLabel] ?? '' }),
      ]);
  },
});
